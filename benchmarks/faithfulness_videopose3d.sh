#!/usr/bin/env bash
# Faithfulness check: the unmodified public VideoPose3D code and our TCN-27 on
# the same HumanEva-I split (Train/S1-S3 -> Validate/S1-S3, Walk/Jog/Box, GT
# 2D), the same recipe and epochs, one after the other on this machine.
#
#   benchmarks/faithfulness_videopose3d.sh VP3D_DIR SEED [EPOCHS] [LRD]
#
# VP3D_DIR: a checkout of facebookresearch/VideoPose3D (used read-only except
# for its data/ links and checkpoint dir; nothing is downloaded). Its data/
# must hold data_3d_humaneva15.npz and data_2d_humaneva15_gt.npz (this script
# links them from $H). The reference seeds nothing but its shuffling (1234),
# so SEED only seeds ours; its repeats differ by their random init.
# Writes work_dirs/vs_ref/{ours,ref}_s$SEED.log; prints both final lines.
set -euo pipefail
REF=$1; SEED=$2; EPOCHS=${3:-4}; LRD=${4:-0.8}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
H=${H:-$ROOT/../shared/data/humaneva_videopose3d/data}
PY=${PY:-python}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OMP_WAIT_POLICY=PASSIVE
OUT=$ROOT/work_dirs/vs_ref; mkdir -p "$OUT"
ln -sf "$(cd "$H" && pwd)"/data_3d_humaneva15.npz "$REF"/data/
ln -sf "$(cd "$H" && pwd)"/data_2d_humaneva15_gt.npz "$REF"/data/
echo "ref start $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
t0=$(date +%s)
(cd "$REF" && $PY run.py -d humaneva15 -k gt -str Train/S1,Train/S2,Train/S3 \
    -ste Validate/S1,Validate/S2,Validate/S3 -a Walk,Jog,Box --by-subject \
    -b 128 -e "$EPOCHS" -lrd "$LRD" --no-eval -c "$OUT/ref_ckpt_s$SEED") \
    > "$OUT/ref_s$SEED.log" 2>&1
t1=$(date +%s)
echo "ref end $(date -u +%T) wall $((t1 - t0)) s load $(cut -d' ' -f1 /proc/loadavg)"
(cd "$ROOT" && $PY tools/train.py \
    configs/videopose3d/videopose3d_tcn-27f_1xb128-4e_humaneva15-gt-cpu-vs-ref.py \
    --work-dir "$OUT/ours_s$SEED" --cfg-options randomness.seed="$SEED" \
    train_cfg.max_epochs="$EPOCHS" param_scheduler.0.gamma="$LRD") \
    > "$OUT/ours_s$SEED.log" 2>&1
t2=$(date +%s)
echo "ours end $(date -u +%T) wall $((t2 - t1)) s load $(cut -d' ' -f1 /proc/loadavg)"
grep "action-wise average" "$OUT/ref_s$SEED.log" || true
grep "Epoch(val)" "$OUT/ours_s$SEED.log" | tail -1 | \
    grep -o " MPJPE: [0-9.]*\| P-MPJPE: [0-9.]*" || true
