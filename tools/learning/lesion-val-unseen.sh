#!/usr/bin/env bash
# Writes a data folder with only the val rows of a ham10000-dermamnist folder whose lesion_id has no train row,
# with links to the images and masks, so `evaluate lesion-segmentation` can score lesions the model never saw.
# Usage: tools/learning/lesion-val-unseen.sh SOURCE_DIR TARGET_DIR
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 SOURCE_DIR TARGET_DIR" >&2
    exit 2
fi

source_dir="$(cd "$1" && pwd)"
target_dir="$2"
if [[ ! -f "$source_dir/metadata.csv" ]]; then
    echo "$0: $source_dir/metadata.csv was not found; pass a ham10000-dermamnist folder." >&2
    exit 1
fi

mkdir -p "$target_dir"
ln -sfn "$source_dir/images" "$target_dir/images"
ln -sfn "$source_dir/masks" "$target_dir/masks"

# NOTE: splits on commas, which is right for the shared folder (no quoted fields) but not for a field holding a comma.
# The first pass over the file collects the train lesions, the second prints the val rows of other lesions.
awk -F, '
    NR == FNR {
        if (FNR == 1) { for (i = 1; i <= NF; i++) column[$i] = i; next }
        if ($column["dermamnist_split"] == "train") seen[$column["lesion_id"]] = 1
        next
    }
    FNR == 1 { print; next }
    $column["dermamnist_split"] == "val" && !($column["lesion_id"] in seen) { print }
' "$source_dir/metadata.csv" "$source_dir/metadata.csv" > "$target_dir/metadata.csv"

echo "$(($(wc -l < "$target_dir/metadata.csv") - 1)) val rows written to $target_dir/metadata.csv"
