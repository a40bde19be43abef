# VideoPose3D 243 frames on Human3.6M with CPN detections
# (data_2d_h36m_cpn_ft_h36m_dbb.npz): the paper's headline model.
_base_ = ['./videopose3d_tcn-243f_1xb1024-80e_h36m-gt.py']

train_dataloader = dict(dataset=dict(keypoint_2d_src='cpn_ft_h36m_dbb'))
val_dataloader = dict(dataset=dict(keypoint_2d_src='cpn_ft_h36m_dbb'))
test_dataloader = val_dataloader
