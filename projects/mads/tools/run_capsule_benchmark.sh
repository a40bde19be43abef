#!/usr/bin/env bash
# The capsule-stereo benchmark of projects/mads/README.md, one run at a time
# (repository root; CPU: OMP_NUM_THREADS=1). Each step appends its wall time
# and the 1-minute load to work_dirs/capsule_results/timing.txt and its
# metrics to work_dirs/capsule_results/results.jsonl.
#   bash projects/mads/tools/run_capsule_benchmark.sh [baseline|baseline-eval]
#       [cdrnet-rot] [cdrnet-pinv] [ablation-seed0] [ablation-seed1] [cdrnet-seed1]
# A step that needs a checkpoint of another waits for it, so two drivers can
# share the machine's two cores, e.g.
#   ... run_capsule_benchmark.sh baseline ablation-seed0 cdrnet-seed1 &
#   ... run_capsule_benchmark.sh cdrnet-rot cdrnet-pinv ablation-seed1
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

wait_for() {  # a checkpoint written by the other driver
  until [ -f "$1" ]; do sleep 20; done
  sleep 20  # let the writer finish the file
}

evals() {  # config, checkpoint, name
  $EVAL $1 $2 --name $3 --out $OUT/results.jsonl --dump $OUT/$3_pred.npz
  $EVAL $1 $2 --name $3 --occluded --out $OUT/results.jsonl
}

B=simplebaseline-tri_res18-half_1xb8-5000it_capsule-stereo-128
cdrnet() {  # ftl
  local C=cdrnet_res18-half-$1_1xb8-2500it_capsule-stereo-128
  wait_for work_dirs/$B/iter_2500.pth  # the 2D warm-up
  timed train_$C $PY tools/train.py $CFG/$C.py
  timed eval_$C evals $CFG/$C.py work_dirs/$C/iter_2500.pth cdrnet_$1
}
ablation() {  # seed
  local R=work_dirs/cdrnet_res18-half-rot_1xb8-2500it_capsule-stereo-128
  wait_for $R/iter_2500.pth
  for aug in noaug cutout-masked cutout-kept hns-masked hns-kept; do
    local A=cdrnet_res18-half-rot_1xb8-500it-ft_capsule-stereo-128-$aug
    local W=work_dirs/occlusion_ablation/${aug}_seed$1
    timed train_${aug}_seed$1 $PY tools/train.py \
        $CFG/occlusion_ablation/$A.py --work-dir $W \
        --cfg-options randomness.seed=$1
    timed eval_${aug}_seed$1 evals $CFG/occlusion_ablation/$A.py \
        $W/iter_500.pth ablation_${aug}_seed$1
  done
}

for step in "${@:-baseline cdrnet-rot cdrnet-pinv ablation-seed0 ablation-seed1}"; do
for s in $step; do
case $s in
baseline)
  timed train_$B $PY tools/train.py $CFG/$B.py ;&
baseline-eval)
  timed eval_trivial $EVAL $CFG/$B.py --trivial --out $OUT/results.jsonl
  timed eval_$B evals $CFG/$B.py work_dirs/$B/iter_5000.pth baseline
  timed eval_${B}_warmup evals $CFG/$B.py work_dirs/$B/iter_2500.pth \
      baseline_iter2500 ;;
cdrnet-rot) cdrnet rot ;;
cdrnet-pinv) cdrnet pinv ;;
cdrnet-seed1)  # run-to-run spread of CDRNet (rotation) at the same budget
  C=cdrnet_res18-half-rot_1xb8-2500it_capsule-stereo-128
  wait_for work_dirs/$B/iter_2500.pth
  timed train_cdrnet_rot_seed1 $PY tools/train.py $CFG/$C.py \
      --work-dir work_dirs/cdrnet_rot_seed1 --cfg-options randomness.seed=1
  timed eval_cdrnet_rot_seed1 evals $CFG/$C.py \
      work_dirs/cdrnet_rot_seed1/iter_2500.pth cdrnet_rot_seed1 ;;
ablation-seed0) ablation 0 ;;
ablation-seed1) ablation 1 ;;
*) echo "unknown step $s" >&2; exit 2 ;;
esac
done
done
