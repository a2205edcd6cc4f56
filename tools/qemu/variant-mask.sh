# Sourced by size.sh and run-tests.sh: the 32-bit mask of a TNM_FLASH_MODELS_VARIANT_SET
# value, "(TNM_VARIANT_BIT(TNM_VARIANT_A)|...)" or "0u", as a hex number (no shell
# metacharacters in compiler flags), from the bits in native-kernels/include/tnm/tnm_variants.def.
#   variant_mask <value> <repo root>
variant_mask() {
  local names="$1" root="$2" mask=0 name bit
  for name in $(printf '%s' "$names" | grep -o 'TNM_VARIANT_[A-Z0-9_]*)' | sed 's/^TNM_VARIANT_//; s/)$//'); do
    bit="$(sed -n "s/^TNM_VARIANT($name, *\([0-9][0-9]*\),.*/\1/p" "$root/native-kernels/include/tnm/tnm_variants.def")"
    [ -n "$bit" ] || { echo "variant $name not in tnm_variants.def" >&2; return 1; }
    mask=$((mask | (1 << bit)))
  done
  printf '0x%08xu' "$mask"
}
