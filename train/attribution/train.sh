#!/usr/bin/env bash
# Train the attribution span tagger (spaCy ner "attribution_spans") on PolNeAR and ship it.
#
#   train/attribution/train.sh [all|prepare|hash|listener|concat|tag|ship VARIANT|eval|speed]
#
# Variants (one config each, all with [system] seed = 0):
#   hash      config.cfg            (a) own tok2vec: HashEmbedCNN, width 96
#   listener  config-listener.cfg   (b) listener on en_core_web_sm's frozen shared tok2vec
#   concat    config-concat.cfg     (c) listener + own MultiHashEmbed/CNN side by side
#   tag       config-tag.cfg        (d) own tok2vec embedding the tagger's TAG, 8 layers
#                                       (shipped; GPU_ID=0 trains on a GPU with cupy)
#   resume    config-resume.cfg     (e) (d) as shipped, trained 2000 more steps at half
#                                       the learning rate
#   wide      config-wide.cfg       (f) (d) with width 128 and twice the hash rows
#
# BUILD (default /work/attribution-build) holds the DocBins and training output. They are
# made from PolNeAR text, so BUILD must stay outside the repository. One process, one
# BLAS thread. Each run takes 25-60 minutes on one core (8 on a GPU); when driving it from a shell
# with a command time limit, start it with nohup ... & and poll BUILD/VARIANT.log.
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=${PY:-.venv/bin/python}
BUILD=${BUILD:-/work/attribution-build}
DATA=${CLAIMGRAPH_POLNEAR_DIR:-../shared/data/polnear}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONHASHSEED=0

prepare() {
  # train.spacy: PolNeAR train less every 10th article; valid.spacy: those 84 articles
  # (spaCy's checkpoint selection); dev.spacy: PolNeAR dev (never read by training).
  "$PY" train/attribution/prepare.py "$BUILD/corpus" --data-dir "$DATA"
}

train() {  # train VARIANT CONFIG
  local variant=$1 config=$2
  rm -rf "${BUILD:?}/$variant"
  { time "$PY" -m spacy train "$config" --code train/attribution/code.py \
      --output "$BUILD/$variant" --gpu-id "${GPU_ID:--1}" \
      --paths.train "$BUILD/corpus/train.spacy" --paths.dev "$BUILD/corpus/valid.spacy"; } \
    2>&1 | tee "$BUILD/$variant.log"
}

evaluate() {  # evaluate VARIANT: GGT overlap table on PolNeAR dev, both gold units
  local model=${1:+$BUILD/$1/model-best}
  for unit in fragment span; do
    "$PY" -m claimgraph.eval polnear --split dev --unit "$unit" --data-dir "$DATA" \
      ${model:+--model "$model"}
  done
}

case "${1:-all}" in
  prepare) prepare ;;
  hash) train hash train/attribution/config.cfg ;;
  listener) train listener train/attribution/config-listener.cfg ;;
  concat) train concat train/attribution/config-concat.cfg ;;
  tag) train tag train/attribution/config-tag.cfg ;;
  resume) train resume train/attribution/config-resume.cfg ;;
  wide) train wide train/attribution/config-wide.cfg ;;
  ship) "$PY" train/attribution/ship.py "$BUILD/${2:?which variant}/model-best" --variant "$2" ;;
  eval) evaluate "${2:-}" ;;
  speed) "$PY" train/attribution/speed.py --docs 200 --data-dir "$DATA" ;;
  all)
    prepare
    train hash train/attribution/config.cfg
    train listener train/attribution/config-listener.cfg
    train concat train/attribution/config-concat.cfg
    train tag train/attribution/config-tag.cfg
    for v in hash listener concat tag; do evaluate "$v"; done
    "$PY" train/attribution/ship.py "$BUILD/tag/model-best" --variant tag
    evaluate
    "$PY" train/attribution/speed.py --docs 200 --data-dir "$DATA"
    ;;
  *) echo "usage: $0 [all|prepare|hash|listener|concat|tag|resume|wide|ship VARIANT|eval [VARIANT]|speed]" >&2
     exit 2 ;;
esac
