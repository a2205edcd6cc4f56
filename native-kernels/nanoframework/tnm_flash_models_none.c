/* Empty flash model table: the default when the firmware build names no generated
 * model file (TINYML_MODELS_SOURCE). C has no empty arrays, hence one unused entry. */
#include "tnm_flash_models.h"

const tnm_flash_model tnm_flash_models[1] = { { 0, 0, 0u } };
const int32_t tnm_flash_model_count = 0;
