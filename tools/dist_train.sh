#!/usr/bin/env bash
# Distributed training with torchrun: tools/dist_train.sh CONFIG NPROC [args]
# Works on CUDA (NCCL, one process per GPU) and on CPU (gloo).
# Environment: PYTHON (see below), NNODES (1), NODE_RANK (0), MASTER_ADDR (127.0.0.1), PORT (29500)
set -euo pipefail
CONFIG=$1
GPUS=$2
NNODES=${NNODES:-1}
NODE_RANK=${NODE_RANK:-0}
PORT=${PORT:-29500}
MASTER_ADDR=${MASTER_ADDR:-"127.0.0.1"}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# The project's interpreter: $PYTHON, else the checkout's .venv (made by
# `make`), else python3 on PATH.
if [ -z "${PYTHON:-}" ]; then
    if [ -x "$ROOT/.venv/bin/python" ]; then
        PYTHON="$ROOT/.venv/bin/python"
    else
        PYTHON=python3
    fi
fi
# An old (renamed) config name: use the new file, with one warning on stderr
# (the alias table is selfpose_mm/utils/config_aliases.py; -P keeps the
# script's folder off sys.path, Python 3.11+).
ALIASES="$ROOT/selfpose_mm/utils/config_aliases.py"
if [ ! -f "$CONFIG" ] && [ -f "$ALIASES" ]; then
    CONFIG=$("$PYTHON" -P "$ALIASES" "$CONFIG")
fi

PYTHONPATH="$ROOT:${PYTHONPATH:-}" OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} \
"$PYTHON" -m torch.distributed.run \
    --nnodes="$NNODES" \
    --node_rank="$NODE_RANK" \
    --master_addr="$MASTER_ADDR" \
    --nproc_per_node="$GPUS" \
    --master_port="$PORT" \
    "$ROOT/tools/train.py" \
    "$CONFIG" \
    --launcher pytorch "${@:3}"
