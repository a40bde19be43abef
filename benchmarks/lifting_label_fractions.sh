#!/usr/bin/env bash
# Label-fraction sweep of VideoPose3D on HumanEva-I (TCN-27, GT 2D), at an
# equal budget: every run makes 2,520 iterations of 64 labelled windows
# (the 20 % configs' 40 labelled epochs), so the number of labelled epochs
# is 40 * 0.2 / FRACTION and the per-epoch lr decay ends at the same 1.8 %
# of the initial lr. Semi-supervised runs warm up for the first quarter.
#
#   bash benchmarks/lifting_label_fractions.sh sup 0.1 [sup 0.5 semi 0.1 ...]
#
# Each pair METHOD FRACTION trains into work_dirs/he_frac/METHOD_FRACTION.
# Plot: python benchmarks/plot_lifting_curves.py fractions --out PNG \
#           "supervised@0.1=work_dirs/he_frac/sup_0.1" ...
set -euo pipefail
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OMP_WAIT_POLICY=PASSIVE
cd "$(dirname "$0")/.."
CFG=configs/videopose3d
while [ $# -ge 2 ]; do
  method=$1 frac=$2; shift 2
  read -r epochs gamma warm < <(python - "$frac" <<'PY'
import sys
f = float(sys.argv[1])
e = round(40 * 0.2 / f)
print(e, 0.9045 ** (40 / e), max(1, round(e / 4)))
PY
)
  common=(train_cfg.max_epochs=$epochs "train_cfg.val_interval=$(( epochs / 8 > 0 ? epochs / 8 : 1 ))"
          default_hooks.checkpoint.interval=$epochs param_scheduler.0.gamma=$gamma)
  case $method in
    sup) cfg=$CFG/videopose3d_tcn-27f_1xb64-40e_humaneva15-gt-p20-cpu.py
         extra=(train_dataloader.dataset.subset=$frac) ;;
    semi) cfg=$CFG/videopose3d_tcn-27f-semi_1xb64-40e_humaneva15-gt-p20-cpu.py
         extra=(train_dataloader.dataset.labeled.subset=$frac model.warmup_epochs=$warm) ;;
    *) echo "unknown method $method (sup|semi)" >&2; exit 2 ;;
  esac
  wd=work_dirs/he_frac/${method}_$frac
  echo "[$(date -u +%T)] $method $frac: $epochs epochs, gamma $gamma, load $(cut -d' ' -f1-3 /proc/loadavg)"
  python tools/train.py "$cfg" --work-dir "$wd" --cfg-options "${common[@]}" "${extra[@]}"
  echo "[$(date -u +%T)] $method $frac done, load $(cut -d' ' -f1-3 /proc/loadavg)"
done
