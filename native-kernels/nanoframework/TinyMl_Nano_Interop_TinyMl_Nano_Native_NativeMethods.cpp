//
// nanoCLR handlers of TinyMl.Nano.Native.NativeMethods (assembly TinyMl.Nano.Interop).
//
// Each handler unpacks its managed arguments, checks them, calls the one C API in
// native-kernels/include/tnm and returns its tnm_status as the method's int result. Detail of
// a failure goes into the caller's int[5] error array (a tnm_error), exactly as on the host.
//
// Argument problems that only a bug in the managed library can cause become CLR exceptions,
// never a fault: a null array -> ArgumentNullException (CLR_E_ARGUMENT_NULL); an array of the
// wrong element type -> CLR_E_WRONG_TYPE; a length beyond its array, a negative length, or an
// info/error array shorter than the C API writes -> ArgumentOutOfRangeException
// (CLR_E_OUT_OF_RANGE). Everything about the model itself is validated by the runtime and
// reported as a status.
//
// Arrays are passed by pointer without copying: the nanoCLR runs no managed code (and so no
// garbage collection) while a native method runs. Every call is bounded (one model check, one
// layer, one message), because it blocks every managed thread.
//
// The names below must match TinyMl_Nano_Interop.h, which tools/TinyMl.InteropCheck generates;
// its check fails when a declared method has no handler here.
//

#include "TinyMl_Nano_Interop.h"

#include <string.h>

#include "tnm/tnm_features.h"
#include "tnm/tnm_frontend.h"
#include "tnm/tnm_model.h"
#include "tnm/tnm_status.h"
#include "tnm_flash_models.h"

namespace
{

// A managed array argument: its first element and its element count.
template <typename T> struct ArrayArg
{
    T *data;
    CLR_UINT32 count;
};

// Argument `index` as a non-null one-dimensional array of sizeof(T)-byte elements.
template <typename T> HRESULT GetArray(CLR_RT_StackFrame &stack, int index, ArrayArg<T> &out)
{
    CLR_RT_HeapBlock &arg = stack.ArgN(index);
    if (arg.DataType() != DATATYPE_OBJECT)
    {
        return CLR_E_WRONG_TYPE;
    }

    CLR_RT_HeapBlock_Array *array = arg.DereferenceArray();
    if (array == NULL)
    {
        return CLR_E_ARGUMENT_NULL;
    }

    if (array->m_sizeOfElement != sizeof(T))
    {
        return CLR_E_WRONG_TYPE;
    }

    out.data = (T *)array->GetFirstElement();
    out.count = array->m_numOfElements;
    return S_OK;
}

// An array that the C API writes `needed` elements of (info words, error detail).
template <typename T> HRESULT GetArrayOfAtLeast(CLR_RT_StackFrame &stack, int index, CLR_UINT32 needed, ArrayArg<T> &out)
{
    HRESULT hr = GetArray(stack, index, out);
    if (SUCCEEDED(hr) && out.count < needed)
    {
        hr = CLR_E_OUT_OF_RANGE;
    }

    return hr;
}

CLR_INT32 GetInt(CLR_RT_StackFrame &stack, int index)
{
    return stack.ArgN(index).NumericByRef().s4;
}

// Argument `index` as a count of elements of an array that has `available` of them.
HRESULT GetLength(CLR_RT_StackFrame &stack, int index, CLR_UINT32 available, CLR_UINT32 &length)
{
    CLR_INT32 value = GetInt(stack, index);
    if (value < 0 || (CLR_UINT32)value > available)
    {
        return CLR_E_OUT_OF_RANGE;
    }

    length = (CLR_UINT32)value;
    return S_OK;
}

// The caller's int[5] error detail, reset to "no error" (as the host glue starts from).
HRESULT GetError(CLR_RT_StackFrame &stack, int index, tnm_error *&err)
{
    ArrayArg<CLR_INT32> words;
    HRESULT hr = GetArrayOfAtLeast(stack, index, TNM_ERROR_WORDS, words);
    err = SUCCEEDED(hr) ? (tnm_error *)words.data : NULL;
    if (err != NULL)
    {
        tnm_fail(err, TNM_OK, TNM_FIELD_NONE, -1, 0, 0);
    }

    return hr;
}

// A front-end state or scratch array: the count of int32 words in use (<= its length, next
// argument), as a byte count.
HRESULT GetState(CLR_RT_StackFrame &stack, int index, CLR_INT32 *&state, int32_t &stateBytes)
{
    ArrayArg<CLR_INT32> words;
    CLR_UINT32 count;
    HRESULT hr = GetArray(stack, index, words);
    if (SUCCEEDED(hr))
    {
        hr = GetLength(stack, index + 1, words.count, count);
    }

    state = words.data;
    stateBytes = SUCCEEDED(hr) && count <= 0x1FFFFFFFu ? (int32_t)(count * 4u) : 0;
    return hr;
}

// Same check and error as the host glue: array[offset .. offset + count) inside length items.
tnm_status CheckWindow(CLR_UINT32 length, CLR_INT32 offset, CLR_INT32 count, tnm_field arrayField, tnm_field offsetField, tnm_error *err)
{
    if (count < 0 || (CLR_INT32)length < count)
    {
        return tnm_fail(err, TNM_ERR_ARGUMENT, arrayField, -1, (int32_t)length, count);
    }

    if (offset < 0 || offset > (CLR_INT32)length - count)
    {
        return tnm_fail(err, TNM_ERR_ARGUMENT, offsetField, -1, offset, (int32_t)length - count);
    }

    return TNM_OK;
}

// Values a vibration window reads (3 per sample), or 0 for a window length the C API refuses,
// so the window check does not hide that clearer error (as the host glue does).
CLR_INT32 VibrationValues(CLR_INT32 windowSamples)
{
    return tnm_vibration_scratch_size(windowSamples) < 0 ? 0 : TNM_VIBRATION_AXES * windowSamples;
}

CLR_INT32 VibrationFeatureCount(CLR_INT32 bandCount)
{
    return bandCount < 1 || bandCount > TNM_VIBRATION_MAX_WINDOW ? 0 : TNM_VIBRATION_AXES * bandCount;
}

typedef tnm_status (*FrameFunction)(void *, int32_t, const int16_t *, int32_t, int8_t *, int32_t, tnm_error *);

// (int[] state, int stateWords, short[] samples, int samplesLength, int sampleOffset,
//  sbyte[] features, int featuresLength, int featureOffset, int[] error): one frame.
HRESULT ProcessFrame(CLR_RT_StackFrame &stack, FrameFunction process, CLR_INT32 featureCount)
{
    NANOCLR_HEADER();
    CLR_INT32 *state;
    int32_t stateBytes;
    ArrayArg<CLR_INT16> samples;
    CLR_UINT32 samplesLength;
    ArrayArg<CLR_INT8> features;
    CLR_UINT32 featuresLength;
    tnm_error *err;
    CLR_INT32 sampleOffset;
    CLR_INT32 featureOffset;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetState(stack, 0, state, stateBytes));
    NANOCLR_CHECK_HRESULT(GetArray(stack, 2, samples));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 3, samples.count, samplesLength));
    NANOCLR_CHECK_HRESULT(GetArray(stack, 5, features));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 6, features.count, featuresLength));
    NANOCLR_CHECK_HRESULT(GetError(stack, 8, err));

    sampleOffset = GetInt(stack, 4);
    featureOffset = GetInt(stack, 7);
    status = CheckWindow(samplesLength, sampleOffset, TNM_FRONTEND_WINDOW_SAMPLES, TNM_FIELD_SAMPLES, TNM_FIELD_SAMPLE_OFFSET, err);
    if (status == TNM_OK)
    {
        status = CheckWindow(featuresLength, featureOffset, featureCount, TNM_FIELD_FEATURES, TNM_FIELD_FEATURE_OFFSET, err);
    }

    if (status == TNM_OK)
    {
        status = process(state, stateBytes, samples.data + sampleOffset, TNM_FRONTEND_WINDOW_SAMPLES,
                         features.data + featureOffset, featureCount, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// The flash model `id`, or a TNM_ERR_ARGUMENT status naming the bad id and the table size.
tnm_status GetFlashModel(CLR_INT32 id, const tnm_flash_model *&model, tnm_error *err)
{
    if (id < 0 || id >= tnm_flash_model_count)
    {
        model = NULL;
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_NONE, -1, id, tnm_flash_model_count);
    }

    model = &tnm_flash_models[id];
    return TNM_OK;
}

} // namespace

// int ModelCheck(byte[] model, int modelLength, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::ModelCheck___STATIC__I4__SZARRAY_U1__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    ArrayArg<CLR_UINT8> model;
    CLR_UINT32 modelLength;
    tnm_error *err;

    NANOCLR_CHECK_HRESULT(GetArray(stack, 0, model));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 1, model.count, modelLength));
    NANOCLR_CHECK_HRESULT(GetError(stack, 2, err));

    stack.SetResult_I4(tnm_model_check(model.data, modelLength, err));

    NANOCLR_NOCLEANUP();
}

// int ModelInfo(byte[] model, int modelLength, int[] info, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::ModelInfo___STATIC__I4__SZARRAY_U1__I4__SZARRAY_I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    ArrayArg<CLR_UINT8> model;
    CLR_UINT32 modelLength;
    ArrayArg<CLR_INT32> info;
    tnm_error *err;

    NANOCLR_CHECK_HRESULT(GetArray(stack, 0, model));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 1, model.count, modelLength));
    NANOCLR_CHECK_HRESULT(GetArrayOfAtLeast(stack, 2, TNM_INFO_WORDS, info));
    NANOCLR_CHECK_HRESULT(GetError(stack, 3, err));

    stack.SetResult_I4(tnm_model_info(model.data, modelLength, info.data, err));

    NANOCLR_NOCLEANUP();
}

// int TensorInfo(byte[] model, int modelLength, int index, int[] info, float[] scale, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::TensorInfo___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_I4__SZARRAY_R4__SZARRAY_I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    ArrayArg<CLR_UINT8> model;
    CLR_UINT32 modelLength;
    ArrayArg<CLR_INT32> info;
    ArrayArg<float> scale;
    tnm_error *err;

    NANOCLR_CHECK_HRESULT(GetArray(stack, 0, model));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 1, model.count, modelLength));
    NANOCLR_CHECK_HRESULT(GetArrayOfAtLeast(stack, 3, TNM_TENSOR_WORDS, info));
    NANOCLR_CHECK_HRESULT(GetArrayOfAtLeast(stack, 4, 1, scale));
    NANOCLR_CHECK_HRESULT(GetError(stack, 5, err));

    stack.SetResult_I4(tnm_tensor_info(model.data, modelLength, GetInt(stack, 2), info.data, scale.data, err));

    NANOCLR_NOCLEANUP();
}

// int LayerInfo(byte[] model, int modelLength, int index, int[] info, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::LayerInfo___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    ArrayArg<CLR_UINT8> model;
    CLR_UINT32 modelLength;
    ArrayArg<CLR_INT32> info;
    tnm_error *err;

    NANOCLR_CHECK_HRESULT(GetArray(stack, 0, model));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 1, model.count, modelLength));
    NANOCLR_CHECK_HRESULT(GetArrayOfAtLeast(stack, 3, TNM_LAYER_WORDS, info));
    NANOCLR_CHECK_HRESULT(GetError(stack, 4, err));

    stack.SetResult_I4(tnm_layer_info(model.data, modelLength, GetInt(stack, 2), info.data, err));

    NANOCLR_NOCLEANUP();
}

// int LayerInvoke(byte[] model, int modelLength, byte[] arena, int arenaLength, int index, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::LayerInvoke___STATIC__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4__SZARRAY_I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    ArrayArg<CLR_UINT8> model;
    CLR_UINT32 modelLength;
    ArrayArg<CLR_UINT8> arena;
    CLR_UINT32 arenaLength;
    tnm_error *err;

    NANOCLR_CHECK_HRESULT(GetArray(stack, 0, model));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 1, model.count, modelLength));
    NANOCLR_CHECK_HRESULT(GetArray(stack, 2, arena));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 3, arena.count, arenaLength));
    NANOCLR_CHECK_HRESULT(GetError(stack, 5, err));

    stack.SetResult_I4(
        tnm_layer_invoke(model.data, modelLength, arena.data, arenaLength, GetInt(stack, 4), err));

    NANOCLR_NOCLEANUP();
}

// int ErrorFormat(int[] error, byte[] message, int messageLength): characters written.
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::ErrorFormat___STATIC__I4__SZARRAY_I4__SZARRAY_U1__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    ArrayArg<CLR_INT32> words;
    tnm_error *err;
    ArrayArg<CLR_UINT8> message;
    CLR_UINT32 messageLength;

    // Reads the detail as it is (GetError would reset it).
    NANOCLR_CHECK_HRESULT(GetArrayOfAtLeast(stack, 0, TNM_ERROR_WORDS, words));
    err = (tnm_error *)words.data;
    NANOCLR_CHECK_HRESULT(GetArray(stack, 1, message));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 2, message.count, messageLength));

    stack.SetResult_I4(
        messageLength == 0 ? TNM_ERR_ARGUMENT : tnm_error_format(err, (char *)message.data, (int32_t)messageLength));

    NANOCLR_NOCLEANUP();
}

// int FlashModelFind(byte[] name, int nameLength, int[] error): model id >= 0, or a status.
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::FlashModelFind___STATIC__I4__SZARRAY_U1__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    ArrayArg<CLR_UINT8> name;
    CLR_UINT32 nameLength;
    tnm_error *err;
    CLR_INT32 found = -1;

    NANOCLR_CHECK_HRESULT(GetArray(stack, 0, name));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 1, name.count, nameLength));
    NANOCLR_CHECK_HRESULT(GetError(stack, 2, err));

    for (CLR_INT32 i = 0; i < tnm_flash_model_count && found < 0; i++)
    {
        const char *entry = tnm_flash_models[i].name;
        if (entry != NULL && strlen(entry) == nameLength && memcmp(entry, name.data, nameLength) == 0)
        {
            found = i;
        }
    }

    stack.SetResult_I4(
        found >= 0 ? found : tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_NONE, -1, -1, tnm_flash_model_count));

    NANOCLR_NOCLEANUP();
}

// int FlashModelCheck(int modelId, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::FlashModelCheck___STATIC__I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    const tnm_flash_model *model;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetError(stack, 1, err));

    status = GetFlashModel(GetInt(stack, 0), model, err);
    if (status == TNM_OK)
    {
        status = tnm_model_check(model->blob, model->size, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// int FlashModelInfo(int modelId, int[] info, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::FlashModelInfo___STATIC__I4__I4__SZARRAY_I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    const tnm_flash_model *model;
    ArrayArg<CLR_INT32> info;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetArrayOfAtLeast(stack, 1, TNM_INFO_WORDS, info));
    NANOCLR_CHECK_HRESULT(GetError(stack, 2, err));

    status = GetFlashModel(GetInt(stack, 0), model, err);
    if (status == TNM_OK)
    {
        status = tnm_model_info(model->blob, model->size, info.data, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// int FlashTensorInfo(int modelId, int index, int[] info, float[] scale, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::FlashTensorInfo___STATIC__I4__I4__I4__SZARRAY_I4__SZARRAY_R4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    const tnm_flash_model *model;
    ArrayArg<CLR_INT32> info;
    ArrayArg<float> scale;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetArrayOfAtLeast(stack, 2, TNM_TENSOR_WORDS, info));
    NANOCLR_CHECK_HRESULT(GetArrayOfAtLeast(stack, 3, 1, scale));
    NANOCLR_CHECK_HRESULT(GetError(stack, 4, err));

    status = GetFlashModel(GetInt(stack, 0), model, err);
    if (status == TNM_OK)
    {
        status = tnm_tensor_info(model->blob, model->size, GetInt(stack, 1), info.data, scale.data, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// int FlashLayerInfo(int modelId, int index, int[] info, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::FlashLayerInfo___STATIC__I4__I4__I4__SZARRAY_I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    const tnm_flash_model *model;
    ArrayArg<CLR_INT32> info;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetArrayOfAtLeast(stack, 2, TNM_LAYER_WORDS, info));
    NANOCLR_CHECK_HRESULT(GetError(stack, 3, err));

    status = GetFlashModel(GetInt(stack, 0), model, err);
    if (status == TNM_OK)
    {
        status = tnm_layer_info(model->blob, model->size, GetInt(stack, 1), info.data, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// int FlashLayerInvoke(int modelId, byte[] arena, int arenaLength, int index, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::FlashLayerInvoke___STATIC__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    const tnm_flash_model *model;
    ArrayArg<CLR_UINT8> arena;
    CLR_UINT32 arenaLength;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetArray(stack, 1, arena));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 2, arena.count, arenaLength));
    NANOCLR_CHECK_HRESULT(GetError(stack, 4, err));

    status = GetFlashModel(GetInt(stack, 0), model, err);
    if (status == TNM_OK)
    {
        status = tnm_layer_invoke(model->blob, model->size, arena.data, arenaLength, GetInt(stack, 3), err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// int MicroFrontendStateWords()
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::MicroFrontendStateWords___STATIC__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    stack.SetResult_I4((tnm_micro_frontend_state_size() + 3) / 4);

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int MicroFrontendInit(int[] state, int stateWords, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::MicroFrontendInit___STATIC__I4__SZARRAY_I4__I4__SZARRAY_I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    CLR_INT32 *state;
    int32_t stateBytes;
    tnm_error *err;

    NANOCLR_CHECK_HRESULT(GetState(stack, 0, state, stateBytes));
    NANOCLR_CHECK_HRESULT(GetError(stack, 2, err));

    stack.SetResult_I4(tnm_micro_frontend_init(state, stateBytes, err));

    NANOCLR_NOCLEANUP();
}

// int MicroFrontendProcess(int[] state, int stateWords, short[] samples, int samplesLength,
//     int sampleOffset, sbyte[] features, int featuresLength, int featureOffset, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::MicroFrontendProcess___STATIC__I4__SZARRAY_I4__I4__SZARRAY_I2__I4__I4__SZARRAY_I1__I4__I4__SZARRAY_I4(
        CLR_RT_StackFrame &stack)
{
    return ProcessFrame(stack, tnm_micro_frontend_process, TNM_MICRO_FRONTEND_FEATURES);
}

// int MfccFrontendStateWords()
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::MfccFrontendStateWords___STATIC__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    stack.SetResult_I4((tnm_mfcc_frontend_state_size() + 3) / 4);

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int MfccFrontendInit(int[] state, int stateWords, float sampleScale, float outputScale,
//     int outputZeroPoint, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::MfccFrontendInit___STATIC__I4__SZARRAY_I4__I4__R4__R4__I4__SZARRAY_I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    CLR_INT32 *state;
    int32_t stateBytes;
    float sampleScale;
    float outputScale;
    tnm_error *err;

    NANOCLR_CHECK_HRESULT(GetState(stack, 0, state, stateBytes));
    NANOCLR_CHECK_HRESULT(Interop_Marshal_float(stack, 2, sampleScale));
    NANOCLR_CHECK_HRESULT(Interop_Marshal_float(stack, 3, outputScale));
    NANOCLR_CHECK_HRESULT(GetError(stack, 5, err));

    stack.SetResult_I4(tnm_mfcc_frontend_init(state, stateBytes, sampleScale, outputScale, GetInt(stack, 4), err));

    NANOCLR_NOCLEANUP();
}

// int MfccFrontendProcess(int[] state, int stateWords, short[] samples, int samplesLength,
//     int sampleOffset, sbyte[] features, int featuresLength, int featureOffset, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::MfccFrontendProcess___STATIC__I4__SZARRAY_I4__I4__SZARRAY_I2__I4__I4__SZARRAY_I1__I4__I4__SZARRAY_I4(
        CLR_RT_StackFrame &stack)
{
    return ProcessFrame(stack, tnm_mfcc_frontend_process, TNM_MFCC_COEFFICIENTS);
}

// int VibrationScratchWords(int windowSamples): -1 for a window length the C API refuses.
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::VibrationScratchWords___STATIC__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    int32_t bytes = tnm_vibration_scratch_size(GetInt(stack, 0));
    stack.SetResult_I4(bytes < 0 ? -1 : (bytes + 3) / 4);

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int VibrationFeaturesF32(float[] samples, int samplesLength, int sampleOffset, int windowSamples,
//     int bandCount, float[] features, int featuresLength, int featureOffset, int[] scratch,
//     int scratchWords, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::VibrationFeaturesF32___STATIC__I4__SZARRAY_R4__I4__I4__I4__I4__SZARRAY_R4__I4__I4__SZARRAY_I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    ArrayArg<float> samples;
    CLR_UINT32 samplesLength;
    ArrayArg<float> features;
    CLR_UINT32 featuresLength;
    CLR_INT32 *scratch;
    int32_t scratchBytes;
    tnm_error *err;
    CLR_INT32 windowSamples;
    CLR_INT32 bandCount;
    CLR_INT32 values;
    CLR_INT32 count;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetArray(stack, 0, samples));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 1, samples.count, samplesLength));
    NANOCLR_CHECK_HRESULT(GetArray(stack, 5, features));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 6, features.count, featuresLength));
    NANOCLR_CHECK_HRESULT(GetState(stack, 8, scratch, scratchBytes));
    NANOCLR_CHECK_HRESULT(GetError(stack, 10, err));

    windowSamples = GetInt(stack, 3);
    bandCount = GetInt(stack, 4);
    values = VibrationValues(windowSamples);
    count = VibrationFeatureCount(bandCount);
    status = CheckWindow(samplesLength, GetInt(stack, 2), values, TNM_FIELD_FEATURE_SAMPLES, TNM_FIELD_SAMPLE_OFFSET, err);
    if (status == TNM_OK)
    {
        status = CheckWindow(featuresLength, GetInt(stack, 7), count, TNM_FIELD_FEATURE_COUNT, TNM_FIELD_FEATURE_OFFSET, err);
    }

    if (status == TNM_OK)
    {
        status = tnm_vibration_features_f32(samples.data + GetInt(stack, 2), values, windowSamples, bandCount,
                                            features.data + GetInt(stack, 7), count, scratch, scratchBytes, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// int VibrationFeaturesS8(float[] samples, int samplesLength, int sampleOffset, int windowSamples,
//     int bandCount, float outputScale, int outputZeroPoint, sbyte[] features, int featuresLength,
//     int featureOffset, int[] scratch, int scratchWords, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::VibrationFeaturesS8___STATIC__I4__SZARRAY_R4__I4__I4__I4__I4__R4__I4__SZARRAY_I1__I4__I4__SZARRAY_I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    ArrayArg<float> samples;
    CLR_UINT32 samplesLength;
    float outputScale;
    ArrayArg<CLR_INT8> features;
    CLR_UINT32 featuresLength;
    CLR_INT32 *scratch;
    int32_t scratchBytes;
    tnm_error *err;
    CLR_INT32 windowSamples;
    CLR_INT32 bandCount;
    CLR_INT32 values;
    CLR_INT32 count;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetArray(stack, 0, samples));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 1, samples.count, samplesLength));
    NANOCLR_CHECK_HRESULT(Interop_Marshal_float(stack, 5, outputScale));
    NANOCLR_CHECK_HRESULT(GetArray(stack, 7, features));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 8, features.count, featuresLength));
    NANOCLR_CHECK_HRESULT(GetState(stack, 10, scratch, scratchBytes));
    NANOCLR_CHECK_HRESULT(GetError(stack, 12, err));

    windowSamples = GetInt(stack, 3);
    bandCount = GetInt(stack, 4);
    values = VibrationValues(windowSamples);
    count = VibrationFeatureCount(bandCount);
    status = CheckWindow(samplesLength, GetInt(stack, 2), values, TNM_FIELD_FEATURE_SAMPLES, TNM_FIELD_SAMPLE_OFFSET, err);
    if (status == TNM_OK)
    {
        status = CheckWindow(featuresLength, GetInt(stack, 9), count, TNM_FIELD_FEATURE_COUNT, TNM_FIELD_FEATURE_OFFSET, err);
    }

    if (status == TNM_OK)
    {
        status = tnm_vibration_features_s8(samples.data + GetInt(stack, 2), values, windowSamples, bandCount, outputScale,
                                           GetInt(stack, 6), features.data + GetInt(stack, 9), count, scratch,
                                           scratchBytes, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// int LogMelScratchWords()
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::LogMelScratchWords___STATIC__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    stack.SetResult_I4((tnm_logmel_scratch_size() + 3) / 4);

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int LogMelFrameF32(short[] samples, int samplesLength, int sampleOffset, float sampleScale,
//     float[] logMel, int logMelLength, int logMelOffset, int[] scratch, int scratchWords, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::LogMelFrameF32___STATIC__I4__SZARRAY_I2__I4__I4__R4__SZARRAY_R4__I4__I4__SZARRAY_I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    ArrayArg<CLR_INT16> samples;
    CLR_UINT32 samplesLength;
    float sampleScale;
    ArrayArg<float> logMel;
    CLR_UINT32 logMelLength;
    CLR_INT32 *scratch;
    int32_t scratchBytes;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetArray(stack, 0, samples));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 1, samples.count, samplesLength));
    NANOCLR_CHECK_HRESULT(Interop_Marshal_float(stack, 3, sampleScale));
    NANOCLR_CHECK_HRESULT(GetArray(stack, 4, logMel));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 5, logMel.count, logMelLength));
    NANOCLR_CHECK_HRESULT(GetState(stack, 7, scratch, scratchBytes));
    NANOCLR_CHECK_HRESULT(GetError(stack, 9, err));

    status = CheckWindow(samplesLength, GetInt(stack, 2), TNM_LOGMEL_FFT_LENGTH, TNM_FIELD_FEATURE_SAMPLES, TNM_FIELD_SAMPLE_OFFSET, err);
    if (status == TNM_OK)
    {
        status = CheckWindow(logMelLength, GetInt(stack, 6), TNM_LOGMEL_MELS, TNM_FIELD_FEATURE_COUNT, TNM_FIELD_FEATURE_OFFSET, err);
    }

    if (status == TNM_OK)
    {
        status = tnm_logmel_frame_f32(samples.data + GetInt(stack, 2), TNM_LOGMEL_FFT_LENGTH, sampleScale,
                                      logMel.data + GetInt(stack, 6), TNM_LOGMEL_MELS, scratch, scratchBytes, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// int LogMelFrameS8(short[] samples, int samplesLength, int sampleOffset, float sampleScale,
//     float outputScale, int outputZeroPoint, sbyte[] logMel, int logMelLength, int logMelOffset,
//     int[] scratch, int scratchWords, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::LogMelFrameS8___STATIC__I4__SZARRAY_I2__I4__I4__R4__R4__I4__SZARRAY_I1__I4__I4__SZARRAY_I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    ArrayArg<CLR_INT16> samples;
    CLR_UINT32 samplesLength;
    float sampleScale;
    float outputScale;
    ArrayArg<CLR_INT8> logMel;
    CLR_UINT32 logMelLength;
    CLR_INT32 *scratch;
    int32_t scratchBytes;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetArray(stack, 0, samples));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 1, samples.count, samplesLength));
    NANOCLR_CHECK_HRESULT(Interop_Marshal_float(stack, 3, sampleScale));
    NANOCLR_CHECK_HRESULT(Interop_Marshal_float(stack, 4, outputScale));
    NANOCLR_CHECK_HRESULT(GetArray(stack, 6, logMel));
    NANOCLR_CHECK_HRESULT(GetLength(stack, 7, logMel.count, logMelLength));
    NANOCLR_CHECK_HRESULT(GetState(stack, 9, scratch, scratchBytes));
    NANOCLR_CHECK_HRESULT(GetError(stack, 11, err));

    status = CheckWindow(samplesLength, GetInt(stack, 2), TNM_LOGMEL_FFT_LENGTH, TNM_FIELD_FEATURE_SAMPLES, TNM_FIELD_SAMPLE_OFFSET, err);
    if (status == TNM_OK)
    {
        status = CheckWindow(logMelLength, GetInt(stack, 8), TNM_LOGMEL_MELS, TNM_FIELD_FEATURE_COUNT, TNM_FIELD_FEATURE_OFFSET, err);
    }

    if (status == TNM_OK)
    {
        status = tnm_logmel_frame_s8(samples.data + GetInt(stack, 2), TNM_LOGMEL_FFT_LENGTH, sampleScale, outputScale,
                                     GetInt(stack, 5), logMel.data + GetInt(stack, 8), TNM_LOGMEL_MELS, scratch,
                                     scratchBytes, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}
