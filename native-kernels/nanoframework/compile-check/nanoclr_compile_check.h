//
// Compile-only stand-in for the nanoCLR headers the interop handlers include.
//
// Used by strict-build.sh (next to this file) to compile TinyMl_Nano_Interop*.cpp in CI with
// the board targets' flags, where nf-interpreter's headers are not available. It declares
// exactly the nanoCLR types, macros and calls those files use, with the widths they have on a
// device, and nothing more: nothing here is ever linked or run. Each declaration names the
// nf-interpreter file it stands for (paths at commit a3e8139a); the declarations are written
// for this check, not copied, and keep only the parts the handlers touch.
//
// tests/TinyMl.Tools.Tests/Interop/CompileCheckHeaderTests.cs checks that the handler files use
// no nanoCLR name this header does not declare, that everything declared here is used, and
// that every declaration names its nf-interpreter file.
//
// Adding a handler that needs another nanoCLR call: declare it here, in the same style, with
// the file it comes from, after reading that file in nf-interpreter.
//

#ifndef TNM_NANOCLR_COMPILE_CHECK_H
#define TNM_NANOCLR_COMPILE_CHECK_H

// nf-interpreter: src/CLR/Include/nanoCLR_Headers.h includes these C headers before anything
// else, so the handlers see them too (and see them before nanoPAL.h poisons names below).
#include <stddef.h>
#include <stdint.h>
#include <string.h>

// ---- basic types ----

// nf-interpreter: src/CLR/Include/nanoCLR_Types.h (element types of managed arrays). On every
// target CLR_INT32 is `int`, while the C library's int32_t is `long` on arm-none-eabi and ESP-IDF.
typedef unsigned char CLR_UINT8;
typedef unsigned short CLR_UINT16;
typedef unsigned int CLR_UINT32;
typedef signed char CLR_INT8;
typedef signed short CLR_INT16;
typedef signed int CLR_INT32;

// nf-interpreter: src/CLR/Include/nf_errors_exceptions.h (device builds; not VIRTUAL_DEVICE)
typedef int HRESULT;
#define SUCCEEDED(Status) ((HRESULT)(Status) >= 0)
#define FAILED(Status) ((HRESULT)(Status) < 0)
#define S_OK ((HRESULT)0x00000000L)

// nf-interpreter: src/CLR/Include/nf_errors_exceptions.h, the three codes the handlers return,
// with the values MAKE_HRESULT(SEVERITY_ERROR, facility, 0) gives them there.
#define CLR_E_WRONG_TYPE ((HRESULT)0xA2000000UL)
#define CLR_E_OUT_OF_RANGE ((HRESULT)0xA5000000UL)
#define CLR_E_ARGUMENT_NULL ((HRESULT)0xCE000000UL)

// ---- poisoned C library calls ----

// nf-interpreter: src/PAL/Include/nanoPAL.h poisons these string functions on PLATFORM_ARM and
// PLATFORM_ESP32 builds (its replacements are hal_strcpy_s & co.). Here they are unusable on
// every target, so a call fails the check with a name that says why.
#define strcpy strcpy_is_poisoned_by_nanoPAL
#define strncpy strncpy_is_poisoned_by_nanoPAL
#define strlen strlen_is_poisoned_by_nanoPAL
#define strncmp strncmp_is_poisoned_by_nanoPAL

// ---- result handling in a handler ----

// nf-interpreter: src/CLR/Include/nanoCLR_Interop.h (the forms without NANOCLR_TRACE_HRESULT)
#define NANOCLR_LEAVE() goto nanoCLR_Cleanup
#define NANOCLR_RETURN() return hr
#define NANOCLR_HEADER() HRESULT hr
#define NANOCLR_CHECK_HRESULT(expr)                                                                                    \
    {                                                                                                                  \
        if (FAILED(hr = (expr)))                                                                                       \
            NANOCLR_LEAVE();                                                                                           \
    }
#define NANOCLR_CLEANUP()                                                                                              \
    hr = S_OK;                                                                                                         \
    nanoCLR_Cleanup:
#define NANOCLR_CLEANUP_END() NANOCLR_RETURN()
#define NANOCLR_NOCLEANUP()                                                                                            \
    NANOCLR_CLEANUP();                                                                                                 \
    NANOCLR_CLEANUP_END()
#define NANOCLR_NOCLEANUP_NOLABEL()                                                                                    \
    hr = S_OK;                                                                                                         \
    NANOCLR_RETURN()

// ---- runtime objects ----

// nf-interpreter: src/CLR/Include/nanoCLR_Types.h (enum CLR_DataType; the one value used, with
// its position in that enum)
enum CLR_DataType
{
    DATATYPE_OBJECT = 16
};

struct CLR_RT_HeapBlock_Array;

// nf-interpreter: src/CLR/Include/nanoCLR_Runtime__HeapBlock.h (struct CLR_RT_HeapBlock: a managed
// value or reference; its numeric view and the array it refers to)
struct CLR_RT_HeapBlock
{
    union CLR_RT_HeapBlock_AtomicData {
        union Numeric {
            CLR_INT32 s4;
        };
    };

    CLR_DataType DataType() const;
    CLR_RT_HeapBlock_AtomicData::Numeric &NumericByRef();
    CLR_RT_HeapBlock_Array *DereferenceArray() const;
};

// nf-interpreter: src/CLR/Include/nanoCLR_Runtime__HeapBlock.h (struct CLR_RT_HeapBlock_Array: a
// one-dimensional managed array; its elements follow the header)
struct CLR_RT_HeapBlock_Array : public CLR_RT_HeapBlock
{
    CLR_UINT32 m_numOfElements;
    CLR_UINT8 m_sizeOfElement;

    CLR_UINT8 *GetFirstElement();
};

// nf-interpreter: src/CLR/Include/nanoCLR_Runtime.h (struct CLR_RT_StackFrame: the arguments of
// a native call and its result)
struct CLR_RT_StackFrame
{
    CLR_RT_HeapBlock &ArgN(CLR_INT32 n) const;
    void SetResult_I4(CLR_INT32 val);
};

// nf-interpreter: src/CLR/Include/nanoCLR_Interop.h (builds without NANOCLR_EMULATED_FLOATINGPOINT)
HRESULT Interop_Marshal_float(const CLR_RT_StackFrame &stackFrame, unsigned int paramIndex, float &param);

// ---- the assembly's method table ----

// nf-interpreter: src/CLR/Include/nanoCLR_Types.h
struct CLR_RECORD_VERSION
{
    CLR_UINT16 iMajorVersion;
    CLR_UINT16 iMinorVersion;
    CLR_UINT16 iBuildNumber;
    CLR_UINT16 iRevisionNumber;
};

// nf-interpreter: src/CLR/Include/nanoCLR_Interop.h
#define NANOCLR_NATIVE_DECLARE(mtd) static HRESULT mtd(CLR_RT_StackFrame &stack)
typedef HRESULT (*CLR_RT_MethodHandler)(CLR_RT_StackFrame &stack);
struct CLR_RT_NativeAssemblyData
{
    const char *m_szAssemblyName;
    unsigned int m_checkSum;
    const void *m_pNativeMethods;
    CLR_RECORD_VERSION m_Version;
};

#endif // TNM_NANOCLR_COMPILE_CHECK_H
