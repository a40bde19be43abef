# The panoptic_coco19 dataset meta ships inside the package so that an installed
# selfpose_mm has it: selfpose_mm/dataset_meta/panoptic_coco19.py is the one source. This
# stub keeps mmpose's path working for configs (``dataset_info`` inherited).
_base_ = ['../../../selfpose_mm/dataset_meta/panoptic_coco19.py']
