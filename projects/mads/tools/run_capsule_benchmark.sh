#!/usr/bin/env bash
# The capsule-stereo benchmark of projects/mads/README.md, one run at a time
# (repository root; CPU: OMP_NUM_THREADS=1). Each step appends its wall time
# and the 1-minute load to work_dirs/capsule_results/timing.txt and its
# metrics to work_dirs/capsule_results/results.jsonl.
#   bash projects/mads/tools/run_capsule_benchmark.sh [baseline|baseline-eval] [cdrnet] [ablation] [cdrnet-seed1] [cdrnet-no3d]
set -u
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
export PYTHONPATH=$(pwd)${PYTHONPATH:+:$PYTHONPATH}
PY=${PYTHON:-python}
CFG=projects/mads/configs
OUT=work_dirs/capsule_results
EVAL="$PY projects/mads/benchmarks/eval_capsule_stereo.py"
mkdir -p $OUT

timed() {  # name, command...
  local name=$1; shift
  local l0; l0=$(cut -d' ' -f1 /proc/loadavg)
  local t0; t0=$(date +%s)
  "$@" > $OUT/$name.log 2>&1
  local rc=$?
  echo "$name rc=$rc wall=$(( $(date +%s) - t0 ))s load1_start=$l0" \
       "load1_end=$(cut -d' ' -f1 /proc/loadavg) OMP_NUM_THREADS=$OMP_NUM_THREADS" \
       "start=$(date -u -d @$t0 +%H:%M:%S)" | tee -a $OUT/timing.txt
  return $rc
}

evals() {  # config, checkpoint, name
  $EVAL $1 $2 --name $3 --out $OUT/results.jsonl --dump $OUT/$3_pred.npz
  $EVAL $1 $2 --name $3 --occluded --out $OUT/results.jsonl
}

for step in "${@:-baseline cdrnet ablation}"; do
for s in $step; do
case $s in
baseline)
  B=simplebaseline-tri_res18-half_1xb8-2000it_capsule-stereo-128
  timed train_$B $PY tools/train.py $CFG/$B.py ;&
baseline-eval)
  B=simplebaseline-tri_res18-half_1xb8-2000it_capsule-stereo-128
  timed eval_trivial $EVAL $CFG/$B.py --trivial --out $OUT/results.jsonl
  timed eval_$B evals $CFG/$B.py work_dirs/$B/iter_2000.pth baseline
  timed eval_${B}_warmup evals $CFG/$B.py work_dirs/$B/iter_1000.pth \
      baseline_iter1000 ;;
cdrnet)
  for ftl in rot pinv; do
    C=cdrnet_res18-half-${ftl}_1xb8-1000it_capsule-stereo-128
    timed train_$C $PY tools/train.py $CFG/$C.py
    timed eval_$C evals $CFG/$C.py work_dirs/$C/iter_1000.pth cdrnet_$ftl
  done ;;
cdrnet-seed1)  # run-to-run spread of CDRNet (rotation) at the same budget
  C=cdrnet_res18-half-rot_1xb8-1000it_capsule-stereo-128
  timed train_cdrnet_rot_seed1 $PY tools/train.py $CFG/$C.py \
      --work-dir work_dirs/cdrnet_rot_seed1 --cfg-options randomness.seed=1
  timed eval_cdrnet_rot_seed1 evals $CFG/$C.py \
      work_dirs/cdrnet_rot_seed1/iter_1000.pth cdrnet_rot_seed1 ;;
cdrnet-no3d)  # CDRNet without its 3D phase: heatmap + 2D losses only
  C=cdrnet_res18-half-rot_1xb8-1000it_capsule-stereo-128
  timed train_cdrnet_rot_no3d $PY tools/train.py $CFG/$C.py \
      --work-dir work_dirs/cdrnet_rot_no3d \
      --cfg-options custom_hooks.1.warmup_iters=1000
  timed eval_cdrnet_rot_no3d evals $CFG/$C.py \
      work_dirs/cdrnet_rot_no3d/iter_1000.pth cdrnet_rot_no3d ;;
ablation)
  for seed in 0 1; do
    for aug in noaug cutout-masked cutout-kept hns-masked hns-kept; do
      A=simplebaseline-tri_res18-half_1xb8-250it-ft_capsule-stereo-128-$aug
      W=work_dirs/occlusion_ablation/${aug}_seed$seed
      timed train_${aug}_seed$seed $PY tools/train.py \
          $CFG/occlusion_ablation/$A.py --work-dir $W \
          --cfg-options randomness.seed=$seed
      timed eval_${aug}_seed$seed evals $CFG/occlusion_ablation/$A.py \
          $W/iter_250.pth ablation_${aug}_seed$seed
    done
  done ;;
esac
done
done
