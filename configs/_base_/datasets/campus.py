# The campus dataset meta ships inside the package so that an installed
# selfpose_mm has it: selfpose_mm/dataset_meta/campus.py is the one source. This
# stub keeps mmpose's path working for configs (``dataset_info`` inherited).
_base_ = ['../../../selfpose_mm/dataset_meta/campus.py']
