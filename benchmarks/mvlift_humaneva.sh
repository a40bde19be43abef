#!/usr/bin/env bash
# Reproduce the HumanEva-I rows of docs/multiview_lifting.md (CPU, 1 thread).
# Usage: SELFPOSE_SHARED_DATA=/path/to/shared/data bash benchmarks/mvlift_humaneva.sh [row]
#   row: sup | ssl | tta | seq | supds | sslnoise | all (default: all): the 2026-11-21 short rows;
#        sup24 | ssl144 | tta144 | seq40: the longer CPU recipes (2026-12-07 rows).
#   Run from the repository root.
set -euo pipefail
PY=${PY:-python}
SHARED=${SELFPOSE_SHARED_DATA:-../shared/data}
D=$SHARED/humaneva_videopose3d/data/
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
ROOT="train_dataloader.dataset.data_root=$D val_dataloader.dataset.data_root=$D test_dataloader.dataset.data_root=$D"
C=configs/mvlift
W=work_dirs/mvlift
row=${1:-all}

if [[ $row == sup || $row == all ]]; then
  $PY tools/train.py $C/supervised_mlp-lifter_1xb64-8e_humaneva15-gt.py \
    --work-dir $W/sup_mlp --cfg-options $ROOT
fi
if [[ $row == ssl || $row == all ]]; then
  $PY tools/train.py $C/mvssl_mlp-lifter_1xb64-48e_humaneva15-gt.py \
    --work-dir $W/ssl_mlp --cfg-options $ROOT
fi
if [[ $row == tta || $row == all ]]; then
  $PY tools/test.py $C/mvssl-tta_mlp-lifter_1xb64-48e_humaneva15-gt.py \
    $W/ssl_mlp/epoch_48.pth --work-dir $W/ssl_tta \
    --cfg-options $ROOT test_cfg.adapt_dataloader.dataset.data_root=$D
fi
if [[ $row == seq || $row == all ]]; then
  $PY tools/train.py \
    $C/supervised_transformer-lifter-27f_1xb128-8e_humaneva15-gt.py \
    --work-dir $W/seq_transformer --cfg-options $ROOT
fi
if [[ $row == supds || $row == all ]]; then
  $PY tools/train.py \
    $C/supervised_mlp-lifter-dropsched_1xb64-8e_humaneva15-gt.py \
    --work-dir $W/sup_mlp_dropsched --cfg-options $ROOT
fi
if [[ $row == sslnoise || $row == all ]]; then
  $PY tools/train.py \
    $C/mvssl_mlp-lifter_1xb64-48e_humaneva15-gt-noise2px.py \
    --work-dir $W/ssl_mlp_noise2px --cfg-options $ROOT
fi
if [[ $row == ssl144 ]]; then
  $PY tools/train.py $C/mvssl_mlp-lifter_1xb64-144e_humaneva15-gt.py \
    --work-dir $W/ssl_mlp_144e --cfg-options $ROOT
fi
if [[ $row == tta144 ]]; then
  $PY tools/test.py $C/mvssl-tta_mlp-lifter_1xb64-48e_humaneva15-gt.py \
    $W/ssl_mlp_144e/epoch_144.pth --work-dir $W/ssl_tta_144e \
    --cfg-options $ROOT test_cfg.adapt_dataloader.dataset.data_root=$D
fi
if [[ $row == sup24 ]]; then
  $PY tools/train.py $C/supervised_mlp-lifter_1xb64-24e_humaneva15-gt.py \
    --work-dir $W/sup_mlp_24e --cfg-options $ROOT
fi
if [[ $row == seq40 ]]; then
  $PY tools/train.py \
    $C/supervised_transformer-lifter-27f_1xb128-40e_humaneva15-gt.py \
    --work-dir $W/seq_tf_40e --cfg-options $ROOT
fi
