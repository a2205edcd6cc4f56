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

#include "tnm/tnm_args.h"
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

// An int[] argument as the C API's int32_t words. CLR_INT32 is `int`; int32_t is `long` on
// arm-none-eabi and in ESP-IDF 5 (every ESP32), `int` on most hosts: the same 32 bits, but C++
// converts neither pointer into the other, so every int[] handed to the C API goes through here.
static_assert(sizeof(CLR_INT32) == sizeof(int32_t) && alignof(CLR_INT32) == alignof(int32_t),
              "CLR_INT32 and int32_t must have the same size and alignment");

int32_t *AsInt32(const ArrayArg<CLR_INT32> &words)
{
    return reinterpret_cast<int32_t *>(words.data);
}

// True when the NUL-terminated name equals the count bytes of text. Compares in place: nanoPAL.h
// poisons strlen and its kin on ARM and ESP32 builds, and this reads no byte past either string.
bool NameEquals(const char *name, const CLR_UINT8 *text, CLR_UINT32 count)
{
    CLR_UINT32 i = 0;
    while (i < count && name[i] != '\0' && (CLR_UINT8)name[i] == text[i])
    {
        i++;
    }

    return i == count && name[i] == '\0';
}

// Argument `index` as a non-null one-dimensional array of sizeof(T)-byte elements.
template <typename T> HRESULT GetArray(CLR_RT_StackFrame &stack, int index, ArrayArg<T> &out)
{
    out.data = NULL;
    out.count = 0;

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

// Argument `index` as an array and argument `index + 1` as the count of its elements in use
// (<= its length); out.count is that count.
template <typename T> HRESULT GetCountedArray(CLR_RT_StackFrame &stack, int index, ArrayArg<T> &out)
{
    HRESULT hr = GetArray(stack, index, out);
    if (SUCCEEDED(hr))
    {
        hr = GetLength(stack, index + 1, out.count, out.count);
    }

    return hr;
}

// A window argument: (T[] array, int length, int offset) at index, index + 1, index + 2. The
// offset is checked later by the C API (CheckFrame), as a status like the host glue's.
template <typename T> struct WindowArg
{
    T *data;
    CLR_UINT32 length;
    CLR_INT32 offset;

    T *Start() const
    {
        return data + offset;
    }
};

template <typename T> HRESULT GetWindow(CLR_RT_StackFrame &stack, int index, WindowArg<T> &out)
{
    ArrayArg<T> array;
    HRESULT hr = GetCountedArray(stack, index, array);
    out.data = array.data;
    out.length = SUCCEEDED(hr) ? array.count : 0;
    out.offset = GetInt(stack, index + 2);
    return hr;
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
    HRESULT hr = GetCountedArray(stack, index, words);
    state = words.data;
    stateBytes = SUCCEEDED(hr) && words.count <= 0x1FFFFFFFu ? (int32_t)(words.count * 4u) : 0;
    return hr;
}

// The two windows of a frame call, checked by the C API as the host glue does
// (tnm_check_frame): the input holds inCount values from its offset (errors name inField or the
// sample offset), then the output outCount values (errors name outField or the feature offset).
// The lengths fit in int32_t: GetLength took them from a non-negative CLR_INT32.
template <typename TIn, typename TOut>
tnm_status CheckFrame(const WindowArg<TIn> &in, CLR_INT32 inCount, tnm_field inField, const WindowArg<TOut> &out,
                      CLR_INT32 outCount, tnm_field outField, tnm_error *err)
{
    return tnm_check_frame(in.data, (int32_t)in.length, in.offset, inCount, inField, out.data, (int32_t)out.length,
                           out.offset, outCount, outField, err);
}

// The window length and band count of a vibration call (arguments 3 and 4 of both variants),
// with the values it reads (3 per sample, or 0 for a window length the C API refuses, so the
// window check does not hide that clearer error, as the host glue does) and the features it
// writes (3 per band, or 0 for a band count out of range).
struct VibrationShape
{
    CLR_INT32 windowSamples;
    CLR_INT32 bandCount;
    CLR_INT32 values;
    CLR_INT32 features;
};

VibrationShape GetVibrationShape(CLR_RT_StackFrame &stack)
{
    VibrationShape shape;
    shape.windowSamples = GetInt(stack, 3);
    shape.bandCount = GetInt(stack, 4);
    shape.values =
        tnm_vibration_scratch_size(shape.windowSamples) < 0 ? 0 : TNM_VIBRATION_AXES * shape.windowSamples;
    shape.features =
        shape.bandCount < 1 || shape.bandCount > TNM_VIBRATION_MAX_WINDOW ? 0 : TNM_VIBRATION_AXES * shape.bandCount;
    return shape;
}

// The output quantization the _S8 feature variants take: (float outputScale, int outputZeroPoint)
// at index, index + 1. Reads nothing for the float variants (output element type float).
struct OutputQuantization
{
    float scale;
    CLR_INT32 zeroPoint;
};

template <typename T> HRESULT GetOutputQuantization(CLR_RT_StackFrame &stack, int index, OutputQuantization &q, int &next)
{
    q.scale = 0.0f;
    q.zeroPoint = 0;
    next = index;
    if (sizeof(T) != 1)
    {
        return S_OK;
    }

    next = index + 2;
    q.zeroPoint = GetInt(stack, index + 1);
    return Interop_Marshal_float(stack, index, q.scale);
}

// The C API variant of each output type: float features, or int8 quantized with q.
tnm_status VibrationFeatures(const float *samples, const VibrationShape &shape, float *features,
                             const OutputQuantization &, void *scratch, int32_t scratchBytes, tnm_error *err)
{
    return tnm_vibration_features_f32(samples, shape.values, shape.windowSamples, shape.bandCount, features,
                                      shape.features, scratch, scratchBytes, err);
}

tnm_status VibrationFeatures(const float *samples, const VibrationShape &shape, CLR_INT8 *features,
                             const OutputQuantization &q, void *scratch, int32_t scratchBytes, tnm_error *err)
{
    return tnm_vibration_features_s8(samples, shape.values, shape.windowSamples, shape.bandCount, q.scale,
                                     q.zeroPoint, features, shape.features, scratch, scratchBytes, err);
}

tnm_status LogMelFrame(const CLR_INT16 *samples, float sampleScale, float *logMel, const OutputQuantization &,
                       void *scratch, int32_t scratchBytes, tnm_error *err)
{
    return tnm_logmel_frame_f32(samples, TNM_LOGMEL_FFT_LENGTH, sampleScale, logMel, TNM_LOGMEL_MELS, scratch,
                                scratchBytes, err);
}

tnm_status LogMelFrame(const CLR_INT16 *samples, float sampleScale, CLR_INT8 *logMel, const OutputQuantization &q,
                       void *scratch, int32_t scratchBytes, tnm_error *err)
{
    return tnm_logmel_frame_s8(samples, TNM_LOGMEL_FFT_LENGTH, sampleScale, q.scale, q.zeroPoint, logMel,
                               TNM_LOGMEL_MELS, scratch, scratchBytes, err);
}

// (float[] samples, int samplesLength, int sampleOffset, int windowSamples, int bandCount,
//  [float outputScale, int outputZeroPoint,] T[] features, int featuresLength, int featureOffset,
//  int[] scratch, int scratchWords, int[] error): T float (F32) or sbyte (S8).
template <typename T> HRESULT VibrationCall(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    WindowArg<float> samples;
    OutputQuantization quantization;
    int next;
    WindowArg<T> features;
    CLR_INT32 *scratch;
    int32_t scratchBytes;
    tnm_error *err;
    VibrationShape shape;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetWindow(stack, 0, samples));
    NANOCLR_CHECK_HRESULT(GetOutputQuantization<T>(stack, 5, quantization, next));
    NANOCLR_CHECK_HRESULT(GetWindow(stack, next, features));
    NANOCLR_CHECK_HRESULT(GetState(stack, next + 3, scratch, scratchBytes));
    NANOCLR_CHECK_HRESULT(GetError(stack, next + 5, err));

    shape = GetVibrationShape(stack);
    status = CheckFrame(samples, shape.values, TNM_FIELD_FEATURE_SAMPLES, features, shape.features,
                        TNM_FIELD_FEATURE_COUNT, err);
    if (status == TNM_OK)
    {
        status = VibrationFeatures(samples.Start(), shape, features.Start(), quantization, scratch, scratchBytes, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// (short[] samples, int samplesLength, int sampleOffset, float sampleScale,
//  [float outputScale, int outputZeroPoint,] T[] logMel, int logMelLength, int logMelOffset,
//  int[] scratch, int scratchWords, int[] error): T float (F32) or sbyte (S8).
template <typename T> HRESULT LogMelCall(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    WindowArg<CLR_INT16> samples;
    float sampleScale;
    OutputQuantization quantization;
    int next;
    WindowArg<T> logMel;
    CLR_INT32 *scratch;
    int32_t scratchBytes;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetWindow(stack, 0, samples));
    NANOCLR_CHECK_HRESULT(Interop_Marshal_float(stack, 3, sampleScale));
    NANOCLR_CHECK_HRESULT(GetOutputQuantization<T>(stack, 4, quantization, next));
    NANOCLR_CHECK_HRESULT(GetWindow(stack, next, logMel));
    NANOCLR_CHECK_HRESULT(GetState(stack, next + 3, scratch, scratchBytes));
    NANOCLR_CHECK_HRESULT(GetError(stack, next + 5, err));

    status = CheckFrame(samples, TNM_LOGMEL_FFT_LENGTH, TNM_FIELD_FEATURE_SAMPLES, logMel, TNM_LOGMEL_MELS,
                        TNM_FIELD_FEATURE_COUNT, err);
    if (status == TNM_OK)
    {
        status = LogMelFrame(samples.Start(), sampleScale, logMel.Start(), quantization, scratch, scratchBytes, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

typedef tnm_status (*FrameFunction)(void *, int32_t, const int16_t *, int32_t, int8_t *, int32_t, tnm_error *);

// (int[] state, int stateWords, short[] samples, int samplesLength, int sampleOffset,
//  sbyte[] features, int featuresLength, int featureOffset, int[] error): one frame.
HRESULT ProcessFrame(CLR_RT_StackFrame &stack, FrameFunction process, CLR_INT32 featureCount)
{
    NANOCLR_HEADER();
    CLR_INT32 *state;
    int32_t stateBytes;
    WindowArg<CLR_INT16> samples;
    WindowArg<CLR_INT8> features;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetState(stack, 0, state, stateBytes));
    NANOCLR_CHECK_HRESULT(GetWindow(stack, 2, samples));
    NANOCLR_CHECK_HRESULT(GetWindow(stack, 5, features));
    NANOCLR_CHECK_HRESULT(GetError(stack, 8, err));

    status = CheckFrame(samples, TNM_FRONTEND_WINDOW_SAMPLES, TNM_FIELD_SAMPLES, features, featureCount,
                        TNM_FIELD_FEATURES, err);
    if (status == TNM_OK)
    {
        status = process(state, stateBytes, samples.Start(), TNM_FRONTEND_WINDOW_SAMPLES, features.Start(),
                         featureCount, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// The model a call is about, from its leading arguments: (byte[] model, int modelLength) for a
// blob in a managed array, (int modelId) for one compiled into the firmware (tnm_flash_models).
struct ModelArg
{
    const CLR_UINT8 *blob;
    CLR_UINT32 size;
    bool flash;
    CLR_INT32 id;
};

// Reads the leading model arguments; next is the index of the first argument after them.
HRESULT GetModel(CLR_RT_StackFrame &stack, bool flash, ModelArg &model, int &next)
{
    model.flash = flash;
    model.id = flash ? GetInt(stack, 0) : -1;
    next = flash ? 1 : 2;
    if (flash)
    {
        model.blob = NULL;
        model.size = 0;
        return S_OK;
    }

    ArrayArg<CLR_UINT8> array;
    HRESULT hr = GetCountedArray(stack, 0, array);
    model.blob = array.data;
    model.size = array.count;
    return hr;
}

// After the argument checks: looks a flash model up by id. A bad id is a TNM_ERR_ARGUMENT status
// naming it and the table size (like every problem with the model, not an exception).
tnm_status ResolveModel(ModelArg &model, tnm_error *err)
{
    if (!model.flash)
    {
        return TNM_OK;
    }

    if (model.id < 0 || model.id >= tnm_flash_model_count)
    {
        return tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_NONE, -1, model.id, tnm_flash_model_count);
    }

    model.blob = tnm_flash_models[model.id].blob;
    model.size = tnm_flash_models[model.id].size;
    return TNM_OK;
}

// The model calls, each shared by its managed-array and flash variant: (model..., <the
// call's own arguments>, int[] error).

// (model..., int[] error)
HRESULT ModelCheckCall(CLR_RT_StackFrame &stack, bool flash)
{
    NANOCLR_HEADER();
    ModelArg model;
    int next;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetModel(stack, flash, model, next));
    NANOCLR_CHECK_HRESULT(GetError(stack, next, err));

    status = ResolveModel(model, err);
    if (status == TNM_OK)
    {
        status = tnm_model_check(model.blob, model.size, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// (model..., int[] info, int[] error)
HRESULT ModelInfoCall(CLR_RT_StackFrame &stack, bool flash)
{
    NANOCLR_HEADER();
    ModelArg model;
    int next;
    ArrayArg<CLR_INT32> info;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetModel(stack, flash, model, next));
    NANOCLR_CHECK_HRESULT(GetArrayOfAtLeast(stack, next, TNM_INFO_WORDS, info));
    NANOCLR_CHECK_HRESULT(GetError(stack, next + 1, err));

    status = ResolveModel(model, err);
    if (status == TNM_OK)
    {
        status = tnm_model_info(model.blob, model.size, AsInt32(info), err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// (model..., int index, int[] info, float[] scale, int[] error)
HRESULT TensorInfoCall(CLR_RT_StackFrame &stack, bool flash)
{
    NANOCLR_HEADER();
    ModelArg model;
    int next;
    ArrayArg<CLR_INT32> info;
    ArrayArg<float> scale;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetModel(stack, flash, model, next));
    NANOCLR_CHECK_HRESULT(GetArrayOfAtLeast(stack, next + 1, TNM_TENSOR_WORDS, info));
    NANOCLR_CHECK_HRESULT(GetArrayOfAtLeast(stack, next + 2, 1, scale));
    NANOCLR_CHECK_HRESULT(GetError(stack, next + 3, err));

    status = ResolveModel(model, err);
    if (status == TNM_OK)
    {
        status = tnm_tensor_info(model.blob, model.size, GetInt(stack, next), AsInt32(info), scale.data, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// (model..., int isOutput, int position, int[] error): the tensor index (>= 0) of model input
// or output `position`, or a negative status.
HRESULT ModelIoTensorCall(CLR_RT_StackFrame &stack, bool flash)
{
    NANOCLR_HEADER();
    ModelArg model;
    int next;
    tnm_error *err;
    tnm_status status;
    int32_t tensor = -1;

    NANOCLR_CHECK_HRESULT(GetModel(stack, flash, model, next));
    NANOCLR_CHECK_HRESULT(GetError(stack, next + 2, err));

    status = ResolveModel(model, err);
    if (status == TNM_OK)
    {
        status = tnm_model_io_tensor(model.blob, model.size, GetInt(stack, next), GetInt(stack, next + 1), &tensor, err);
    }

    // The tensor index, or the status.
    if (status == TNM_OK)
    {
        stack.SetResult_I4(tensor);
    }
    else
    {
        stack.SetResult_I4(status);
    }

    NANOCLR_NOCLEANUP();
}

// (model..., int index, int[] info, int infoLength, int[] error): the fixed words, then the
// layer's lists and params; a too-short infoLength is a TNM_ERR_BUFFER status naming the words
// needed (TNM_LAYER_INFO_MAX_WORDS always suffices).
HRESULT LayerInfoCall(CLR_RT_StackFrame &stack, bool flash)
{
    NANOCLR_HEADER();
    ModelArg model;
    int next;
    ArrayArg<CLR_INT32> info;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetModel(stack, flash, model, next));
    NANOCLR_CHECK_HRESULT(GetCountedArray(stack, next + 1, info));
    NANOCLR_CHECK_HRESULT(GetError(stack, next + 3, err));

    status = ResolveModel(model, err);
    if (status == TNM_OK)
    {
        status = tnm_layer_info(model.blob, model.size, GetInt(stack, next), AsInt32(info), (int32_t)info.count, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// (model..., byte[] arena, int arenaLength, int[] error): zeroes the model's state region.
HRESULT ModelResetStateCall(CLR_RT_StackFrame &stack, bool flash)
{
    NANOCLR_HEADER();
    ModelArg model;
    int next;
    ArrayArg<CLR_UINT8> arena;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetModel(stack, flash, model, next));
    NANOCLR_CHECK_HRESULT(GetCountedArray(stack, next, arena));
    NANOCLR_CHECK_HRESULT(GetError(stack, next + 2, err));

    status = ResolveModel(model, err);
    if (status == TNM_OK)
    {
        status = tnm_model_reset_state(model.blob, model.size, arena.data, arena.count, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// (model..., byte[] arena, int arenaLength, int index, int[] error)
HRESULT LayerInvokeCall(CLR_RT_StackFrame &stack, bool flash)
{
    NANOCLR_HEADER();
    ModelArg model;
    int next;
    ArrayArg<CLR_UINT8> arena;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetModel(stack, flash, model, next));
    NANOCLR_CHECK_HRESULT(GetCountedArray(stack, next, arena));
    NANOCLR_CHECK_HRESULT(GetError(stack, next + 3, err));

    status = ResolveModel(model, err);
    if (status == TNM_OK)
    {
        // A flash table model is const and was checked when the Model opened it: its layers
        // are parsed, not validated again (tnm_layer_invoke_readonly).
        status = flash ? tnm_layer_invoke_readonly(model.blob, model.size, arena.data, arena.count,
                                                   GetInt(stack, next + 2), err)
                       : tnm_layer_invoke(model.blob, model.size, arena.data, arena.count, GetInt(stack, next + 2), err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// A plan window (byte[] plans, int plansLength, int planOffset) as the C API's buffer: an
// offset outside [0, plansLength] leaves 0 bytes (the C API names the plan buffer as too small).
uint8_t *PlanWindow(const WindowArg<CLR_UINT8> &plans, uint32_t &length)
{
    if (plans.offset < 0 || (CLR_UINT32)plans.offset > plans.length)
    {
        length = 0;
        return plans.data;
    }

    length = plans.length - (CLR_UINT32)plans.offset;
    return plans.Start();
}

// (int modelId, int index, byte[] plans, int plansLength, int planOffset, int[] error): flash
// models only (a blob that cannot change after the prepare).
HRESULT LayerPrepareCall(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    ModelArg model;
    int next;
    WindowArg<CLR_UINT8> plans;
    uint32_t planLength;
    uint8_t *plan;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetModel(stack, true, model, next));
    NANOCLR_CHECK_HRESULT(GetWindow(stack, next + 1, plans));
    NANOCLR_CHECK_HRESULT(GetError(stack, next + 4, err));

    status = ResolveModel(model, err);
    if (status == TNM_OK)
    {
        plan = PlanWindow(plans, planLength);
        status = tnm_layer_prepare(model.blob, model.size, GetInt(stack, next), plan, planLength, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

// (int modelId, byte[] arena, int arenaLength, int index, byte[] plans, int plansLength,
// int planOffset, int[] error)
HRESULT LayerInvokePreparedCall(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    ModelArg model;
    int next;
    ArrayArg<CLR_UINT8> arena;
    WindowArg<CLR_UINT8> plans;
    uint32_t planLength;
    uint8_t *plan;
    tnm_error *err;
    tnm_status status;

    NANOCLR_CHECK_HRESULT(GetModel(stack, true, model, next));
    NANOCLR_CHECK_HRESULT(GetCountedArray(stack, next, arena));
    NANOCLR_CHECK_HRESULT(GetWindow(stack, next + 3, plans));
    NANOCLR_CHECK_HRESULT(GetError(stack, next + 6, err));

    status = ResolveModel(model, err);
    if (status == TNM_OK)
    {
        plan = PlanWindow(plans, planLength);
        status = tnm_layer_invoke_prepared(model.blob, model.size, arena.data, arena.count,
                                           GetInt(stack, next + 2), plan, planLength, err);
    }

    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP();
}

} // namespace

// int ModelCheck(byte[] model, int modelLength, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::ModelCheck___STATIC__I4__SZARRAY_U1__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    return ModelCheckCall(stack, false);
}

// int ModelInfo(byte[] model, int modelLength, int[] info, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::ModelInfo___STATIC__I4__SZARRAY_U1__I4__SZARRAY_I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    return ModelInfoCall(stack, false);
}

// int TensorInfo(byte[] model, int modelLength, int index, int[] info, float[] scale, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::TensorInfo___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_I4__SZARRAY_R4__SZARRAY_I4(
    CLR_RT_StackFrame &stack)
{
    return TensorInfoCall(stack, false);
}

// int ModelIoTensor(byte[] model, int modelLength, int isOutput, int position, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::ModelIoTensor___STATIC__I4__SZARRAY_U1__I4__I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    return ModelIoTensorCall(stack, false);
}

// int LayerInfo(byte[] model, int modelLength, int index, int[] info, int infoLength, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::LayerInfo___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    return LayerInfoCall(stack, false);
}

// int ModelResetState(byte[] model, int modelLength, byte[] arena, int arenaLength, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::ModelResetState___STATIC__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    return ModelResetStateCall(stack, false);
}

// int LayerInvoke(byte[] model, int modelLength, byte[] arena, int arenaLength, int index, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::LayerInvoke___STATIC__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4__SZARRAY_I4(
    CLR_RT_StackFrame &stack)
{
    return LayerInvokeCall(stack, false);
}

// int ErrorFormat(int[] error, byte[] message, int messageLength): characters written.
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::ErrorFormat___STATIC__I4__SZARRAY_I4__SZARRAY_U1__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    ArrayArg<CLR_INT32> words;
    tnm_error *err;
    ArrayArg<CLR_UINT8> message;

    // Reads the detail as it is (GetError would reset it).
    NANOCLR_CHECK_HRESULT(GetArrayOfAtLeast(stack, 0, TNM_ERROR_WORDS, words));
    err = (tnm_error *)words.data;
    NANOCLR_CHECK_HRESULT(GetCountedArray(stack, 1, message));

    // An empty message buffer is an argument status; otherwise the count of characters written.
    if (message.count == 0)
    {
        stack.SetResult_I4(TNM_ERR_ARGUMENT);
    }
    else
    {
        stack.SetResult_I4(tnm_error_format(err, (char *)message.data, (int32_t)message.count));
    }

    NANOCLR_NOCLEANUP();
}

// int OpName(int op, byte[] name, int nameLength): the operator's name (tnm_op_name, "UNKNOWN"
// for a code tnm_ops.def lacks) as ASCII without a NUL: its length, or a status.
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::OpName___STATIC__I4__I4__SZARRAY_U1__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    ArrayArg<CLR_UINT8> name;
    const char *text;
    CLR_UINT32 n = 0;

    text = tnm_op_name((int32_t)GetInt(stack, 0));
    NANOCLR_CHECK_HRESULT(GetCountedArray(stack, 1, name));
    while (text[n] != '\0')
    {
        n++;
    }
    if (name.count == 0)
    {
        stack.SetResult_I4(TNM_ERR_ARGUMENT);
    }
    else if (n > name.count)
    {
        stack.SetResult_I4(TNM_ERR_BUFFER);
    }
    else
    {
        for (CLR_UINT32 i = 0; i < n; i++)
        {
            name.data[i] = (CLR_UINT8)text[i];
        }
        stack.SetResult_I4((CLR_INT32)n);
    }

    NANOCLR_NOCLEANUP();
}

// int FlashModelFind(byte[] name, int nameLength, int[] error): model id >= 0, or a status.
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::FlashModelFind___STATIC__I4__SZARRAY_U1__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    ArrayArg<CLR_UINT8> name;
    tnm_error *err;
    CLR_INT32 found = -1;

    NANOCLR_CHECK_HRESULT(GetCountedArray(stack, 0, name));
    NANOCLR_CHECK_HRESULT(GetError(stack, 2, err));

    for (CLR_INT32 i = 0; i < tnm_flash_model_count && found < 0; i++)
    {
        const char *entry = tnm_flash_models[i].name;
        if (entry != NULL && NameEquals(entry, name.data, name.count))
        {
            found = i;
        }
    }

    // The model id, or an argument status naming the table size.
    if (found >= 0)
    {
        stack.SetResult_I4(found);
    }
    else
    {
        stack.SetResult_I4(tnm_fail(err, TNM_ERR_ARGUMENT, TNM_FIELD_NONE, -1, -1, tnm_flash_model_count));
    }

    NANOCLR_NOCLEANUP();
}

// int FlashModelCheck(int modelId, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::FlashModelCheck___STATIC__I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    return ModelCheckCall(stack, true);
}

// int FlashModelInfo(int modelId, int[] info, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::FlashModelInfo___STATIC__I4__I4__SZARRAY_I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    return ModelInfoCall(stack, true);
}

// int FlashTensorInfo(int modelId, int index, int[] info, float[] scale, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::FlashTensorInfo___STATIC__I4__I4__I4__SZARRAY_I4__SZARRAY_R4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    return TensorInfoCall(stack, true);
}

// int FlashModelIoTensor(int modelId, int isOutput, int position, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::FlashModelIoTensor___STATIC__I4__I4__I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    return ModelIoTensorCall(stack, true);
}

// int FlashLayerInfo(int modelId, int index, int[] info, int infoLength, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::FlashLayerInfo___STATIC__I4__I4__I4__SZARRAY_I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    return LayerInfoCall(stack, true);
}

// int FlashModelResetState(int modelId, byte[] arena, int arenaLength, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::FlashModelResetState___STATIC__I4__I4__SZARRAY_U1__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    return ModelResetStateCall(stack, true);
}

// int FlashLayerInvoke(int modelId, byte[] arena, int arenaLength, int index, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::FlashLayerInvoke___STATIC__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    return LayerInvokeCall(stack, true);
}

// int FlashLayerPrepare(int modelId, int index, byte[] plans, int plansLength, int planOffset, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::FlashLayerPrepare___STATIC__I4__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    return LayerPrepareCall(stack);
}

// int FlashLayerInvokePrepared(int modelId, byte[] arena, int arenaLength, int index, byte[] plans, int plansLength, int planOffset, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::FlashLayerInvokePrepared___STATIC__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    return LayerInvokePreparedCall(stack);
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

// int MicroFrontendInitWakeWord(int[] state, int stateWords, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::MicroFrontendInitWakeWord___STATIC__I4__SZARRAY_I4__I4__SZARRAY_I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    CLR_INT32 *state;
    int32_t stateBytes;
    tnm_error *err;

    NANOCLR_CHECK_HRESULT(GetState(stack, 0, state, stateBytes));
    NANOCLR_CHECK_HRESULT(GetError(stack, 2, err));

    stack.SetResult_I4(tnm_micro_frontend_init_wake_word(state, stateBytes, err));

    NANOCLR_NOCLEANUP();
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
    return VibrationCall<float>(stack);
}

// int VibrationFeaturesS8(float[] samples, int samplesLength, int sampleOffset, int windowSamples,
//     int bandCount, float outputScale, int outputZeroPoint, sbyte[] features, int featuresLength,
//     int featureOffset, int[] scratch, int scratchWords, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::VibrationFeaturesS8___STATIC__I4__SZARRAY_R4__I4__I4__I4__I4__R4__I4__SZARRAY_I1__I4__I4__SZARRAY_I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    return VibrationCall<CLR_INT8>(stack);
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
    return LogMelCall<float>(stack);
}

// int LogMelFrameS8(short[] samples, int samplesLength, int sampleOffset, float sampleScale,
//     float outputScale, int outputZeroPoint, sbyte[] logMel, int logMelLength, int logMelOffset,
//     int[] scratch, int scratchWords, int[] error)
HRESULT Library_TinyMl_Nano_Interop_TinyMl_Nano_Native_NativeMethods::LogMelFrameS8___STATIC__I4__SZARRAY_I2__I4__I4__R4__R4__I4__SZARRAY_I1__I4__I4__SZARRAY_I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    return LogMelCall<CLR_INT8>(stack);
}
