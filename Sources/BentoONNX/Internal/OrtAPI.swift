// The entries of ONNX Runtime's C API table (`struct OrtApi`) that SwiftBento calls, declared by
// us. The table is an array of C function pointers in a fixed, append-only order; `index` is an
// entry's position in it. Every index below was counted against upstream's
// `include/onnxruntime/core/session/onnxruntime_c_api.h` and cross-checked against the
// `static_assert`s in `onnxruntime/core/session/onnxruntime_c_api.cc`, which pin the last entry of
// each API version: ReleaseCustomOpDomain = 101 (v1), ReleaseModelMetadata = 118 (v2),
// AddFreeDimensionOverrideByName = 124 (v3), ReleaseAvailableProviders = 126 (v4),
// SetGlobalSpinControl = 149 (v5), ReleaseArenaCfg = 157 (v6).
//
// The newest entry used is SessionOptionsAppendExecutionProvider_CUDA (152, added in v6), so
// `OrtAPI.minimumVersion` is 6; AddSessionConfigEntry (130) falls in v5's range (127–149),
// DisableMemPattern (17) and DisableCpuMemArena (19) in v1's. `OrtLibrary` self-tests a few entries at load time.
//
// C types: every Ort object is an opaque pointer; `OrtStatus*` is nil on success; C enums are
// `int32_t`; `size_t` is `Int` (64-bit Linux).

/// `OrtStatus*`: nil means success.
typealias OrtStatusPointer = OpaquePointer?

/// The typed view of the entries of one `OrtApi` table.
///
/// `@unchecked Sendable`: it holds only C function pointers into an immutable table that lives
/// as long as the process (the library is never closed), so sharing it across threads is safe.
struct OrtAPI: @unchecked Sendable {
    /// The lowest `ORT_API_VERSION` that has every entry below.
    static let minimumVersion: UInt32 = 6

    /// 0: OrtStatus* CreateStatus(OrtErrorCode code, const char* msg)
    let createStatus: @convention(c) (Int32, UnsafePointer<CChar>) -> OpaquePointer?
    /// 1: OrtErrorCode GetErrorCode(const OrtStatus*)
    let getErrorCode: @convention(c) (OpaquePointer) -> Int32
    /// 2: const char* GetErrorMessage(const OrtStatus*) — owned by the status
    let getErrorMessage: @convention(c) (OpaquePointer) -> UnsafePointer<CChar>?
    /// 3: CreateEnv(OrtLoggingLevel, const char* logid, OrtEnv** out)
    let createEnv:
        @convention(c) (Int32, UnsafePointer<CChar>, UnsafeMutablePointer<OpaquePointer?>) -> OrtStatusPointer
    /// 7: CreateSession(const OrtEnv*, const char* model_path, const OrtSessionOptions*, OrtSession** out)
    let createSession:
        @convention(c) (OpaquePointer, UnsafePointer<CChar>, OpaquePointer, UnsafeMutablePointer<OpaquePointer?>) ->
            OrtStatusPointer
    /// 9: Run(OrtSession*, const OrtRunOptions*, const char* const* input_names, const OrtValue* const* inputs,
    ///        size_t input_len, const char* const* output_names, size_t output_names_len, OrtValue** outputs)
    let run:
        @convention(c) (
            OpaquePointer, OpaquePointer?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<OpaquePointer?>?, Int,
            UnsafePointer<UnsafePointer<CChar>?>?, Int, UnsafeMutablePointer<OpaquePointer?>?
        ) -> OrtStatusPointer
    /// 10: CreateSessionOptions(OrtSessionOptions** out)
    let createSessionOptions: @convention(c) (UnsafeMutablePointer<OpaquePointer?>) -> OrtStatusPointer
    /// 17: DisableMemPattern(OrtSessionOptions*)
    let disableMemPattern: @convention(c) (OpaquePointer) -> OrtStatusPointer
    /// 19: DisableCpuMemArena(OrtSessionOptions*)
    let disableCpuMemArena: @convention(c) (OpaquePointer) -> OrtStatusPointer
    /// 23: SetSessionGraphOptimizationLevel(OrtSessionOptions*, GraphOptimizationLevel)
    let setSessionGraphOptimizationLevel: @convention(c) (OpaquePointer, Int32) -> OrtStatusPointer
    /// 24: SetIntraOpNumThreads(OrtSessionOptions*, int)
    let setIntraOpNumThreads: @convention(c) (OpaquePointer, Int32) -> OrtStatusPointer
    /// 25: SetInterOpNumThreads(OrtSessionOptions*, int)
    let setInterOpNumThreads: @convention(c) (OpaquePointer, Int32) -> OrtStatusPointer
    /// 30: SessionGetInputCount(const OrtSession*, size_t* out)
    let sessionGetInputCount: @convention(c) (OpaquePointer, UnsafeMutablePointer<Int>) -> OrtStatusPointer
    /// 31: SessionGetOutputCount(const OrtSession*, size_t* out)
    let sessionGetOutputCount: @convention(c) (OpaquePointer, UnsafeMutablePointer<Int>) -> OrtStatusPointer
    /// 33: SessionGetInputTypeInfo(const OrtSession*, size_t index, OrtTypeInfo** out)
    let sessionGetInputTypeInfo:
        @convention(c) (OpaquePointer, Int, UnsafeMutablePointer<OpaquePointer?>) -> OrtStatusPointer
    /// 34: SessionGetOutputTypeInfo(const OrtSession*, size_t index, OrtTypeInfo** out)
    let sessionGetOutputTypeInfo:
        @convention(c) (OpaquePointer, Int, UnsafeMutablePointer<OpaquePointer?>) -> OrtStatusPointer
    /// 36: SessionGetInputName(const OrtSession*, size_t index, OrtAllocator*, char** out) — free with the allocator
    let sessionGetInputName:
        @convention(c) (OpaquePointer, Int, OpaquePointer, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) ->
            OrtStatusPointer
    /// 37: SessionGetOutputName(const OrtSession*, size_t index, OrtAllocator*, char** out) — free with the allocator
    let sessionGetOutputName:
        @convention(c) (OpaquePointer, Int, OpaquePointer, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) ->
            OrtStatusPointer
    /// 48: CreateTensorAsOrtValue(OrtAllocator*, const int64_t* shape, size_t shape_len,
    ///                            ONNXTensorElementDataType, OrtValue** out)
    let createTensorAsOrtValue:
        @convention(c) (OpaquePointer, UnsafePointer<Int64>?, Int, Int32, UnsafeMutablePointer<OpaquePointer?>) ->
            OrtStatusPointer
    /// 49: CreateTensorWithDataAsOrtValue(const OrtMemoryInfo*, void* p_data, size_t p_data_len,
    ///         const int64_t* shape, size_t shape_len, ONNXTensorElementDataType, OrtValue** out) — borrows p_data
    let createTensorWithDataAsOrtValue:
        @convention(c) (
            OpaquePointer, UnsafeMutableRawPointer, Int, UnsafePointer<Int64>?, Int, Int32,
            UnsafeMutablePointer<OpaquePointer?>
        ) -> OrtStatusPointer
    /// 51: GetTensorMutableData(OrtValue*, void** out)
    let getTensorMutableData:
        @convention(c) (OpaquePointer, UnsafeMutablePointer<UnsafeMutableRawPointer?>) -> OrtStatusPointer
    /// 52: FillStringTensor(OrtValue*, const char* const* s, size_t s_len) — NUL-terminated elements
    let fillStringTensor: @convention(c) (OpaquePointer, UnsafePointer<UnsafePointer<CChar>?>?, Int) -> OrtStatusPointer
    /// 53: GetStringTensorDataLength(const OrtValue*, size_t* len)
    let getStringTensorDataLength: @convention(c) (OpaquePointer, UnsafeMutablePointer<Int>) -> OrtStatusPointer
    /// 54: GetStringTensorContent(const OrtValue*, void* s, size_t s_len, size_t* offsets, size_t offsets_len)
    let getStringTensorContent:
        @convention(c) (OpaquePointer, UnsafeMutableRawPointer?, Int, UnsafeMutablePointer<Int>?, Int) ->
            OrtStatusPointer
    /// 55: CastTypeInfoToTensorInfo(const OrtTypeInfo*, const OrtTensorTypeAndShapeInfo** out) — not owned
    let castTypeInfoToTensorInfo:
        @convention(c) (OpaquePointer, UnsafeMutablePointer<OpaquePointer?>) -> OrtStatusPointer
    /// 56: GetOnnxTypeFromTypeInfo(const OrtTypeInfo*, enum ONNXType* out)
    let getOnnxTypeFromTypeInfo: @convention(c) (OpaquePointer, UnsafeMutablePointer<Int32>) -> OrtStatusPointer
    /// 60: GetTensorElementType(const OrtTensorTypeAndShapeInfo*, ONNXTensorElementDataType* out)
    let getTensorElementType: @convention(c) (OpaquePointer, UnsafeMutablePointer<Int32>) -> OrtStatusPointer
    /// 61: GetDimensionsCount(const OrtTensorTypeAndShapeInfo*, size_t* out)
    let getDimensionsCount: @convention(c) (OpaquePointer, UnsafeMutablePointer<Int>) -> OrtStatusPointer
    /// 62: GetDimensions(const OrtTensorTypeAndShapeInfo*, int64_t* dim_values, size_t dim_values_length)
    let getDimensions: @convention(c) (OpaquePointer, UnsafeMutablePointer<Int64>?, Int) -> OrtStatusPointer
    /// 63: GetSymbolicDimensions(const OrtTensorTypeAndShapeInfo*, const char* dim_params[], size_t length)
    let getSymbolicDimensions:
        @convention(c) (OpaquePointer, UnsafeMutablePointer<UnsafePointer<CChar>?>?, Int) -> OrtStatusPointer
    /// 64: GetTensorShapeElementCount(const OrtTensorTypeAndShapeInfo*, size_t* out)
    let getTensorShapeElementCount: @convention(c) (OpaquePointer, UnsafeMutablePointer<Int>) -> OrtStatusPointer
    /// 65: GetTensorTypeAndShape(const OrtValue*, OrtTensorTypeAndShapeInfo** out) — release it
    let getTensorTypeAndShape: @convention(c) (OpaquePointer, UnsafeMutablePointer<OpaquePointer?>) -> OrtStatusPointer
    /// 67: GetValueType(const OrtValue*, enum ONNXType* out)
    let getValueType: @convention(c) (OpaquePointer, UnsafeMutablePointer<Int32>) -> OrtStatusPointer
    /// 69: CreateCpuMemoryInfo(OrtAllocatorType, OrtMemType, OrtMemoryInfo** out)
    let createCpuMemoryInfo: @convention(c) (Int32, Int32, UnsafeMutablePointer<OpaquePointer?>) -> OrtStatusPointer
    /// 76: AllocatorFree(OrtAllocator*, void* p)
    let allocatorFree: @convention(c) (OpaquePointer, UnsafeMutableRawPointer?) -> OrtStatusPointer
    /// 78: GetAllocatorWithDefaultOptions(OrtAllocator** out) — shared, never freed
    let getAllocatorWithDefaultOptions: @convention(c) (UnsafeMutablePointer<OpaquePointer?>) -> OrtStatusPointer
    /// 80: GetValue(const OrtValue*, int index, OrtAllocator*, OrtValue** out) — map: 0 keys, 1 values
    let getValue:
        @convention(c) (OpaquePointer, Int32, OpaquePointer, UnsafeMutablePointer<OpaquePointer?>) -> OrtStatusPointer
    /// 81: GetValueCount(const OrtValue*, size_t* out)
    let getValueCount: @convention(c) (OpaquePointer, UnsafeMutablePointer<Int>) -> OrtStatusPointer
    /// 92: void ReleaseEnv(OrtEnv*)
    let releaseEnv: @convention(c) (OpaquePointer?) -> Void
    /// 93: void ReleaseStatus(OrtStatus*)
    let releaseStatus: @convention(c) (OpaquePointer?) -> Void
    /// 94: void ReleaseMemoryInfo(OrtMemoryInfo*)
    let releaseMemoryInfo: @convention(c) (OpaquePointer?) -> Void
    /// 95: void ReleaseSession(OrtSession*)
    let releaseSession: @convention(c) (OpaquePointer?) -> Void
    /// 96: void ReleaseValue(OrtValue*)
    let releaseValue: @convention(c) (OpaquePointer?) -> Void
    /// 98: void ReleaseTypeInfo(OrtTypeInfo*)
    let releaseTypeInfo: @convention(c) (OpaquePointer?) -> Void
    /// 99: void ReleaseTensorTypeAndShapeInfo(OrtTensorTypeAndShapeInfo*)
    let releaseTensorTypeAndShapeInfo: @convention(c) (OpaquePointer?) -> Void
    /// 100: void ReleaseSessionOptions(OrtSessionOptions*)
    let releaseSessionOptions: @convention(c) (OpaquePointer?) -> Void
    /// 103: CastTypeInfoToMapTypeInfo(const OrtTypeInfo*, const OrtMapTypeInfo** out) — not owned
    let castTypeInfoToMapTypeInfo:
        @convention(c) (OpaquePointer, UnsafeMutablePointer<OpaquePointer?>) -> OrtStatusPointer
    /// 104: CastTypeInfoToSequenceTypeInfo(const OrtTypeInfo*, const OrtSequenceTypeInfo** out) — not owned
    let castTypeInfoToSequenceTypeInfo:
        @convention(c) (OpaquePointer, UnsafeMutablePointer<OpaquePointer?>) -> OrtStatusPointer
    /// 105: GetMapKeyType(const OrtMapTypeInfo*, ONNXTensorElementDataType* out)
    let getMapKeyType: @convention(c) (OpaquePointer, UnsafeMutablePointer<Int32>) -> OrtStatusPointer
    /// 106: GetMapValueType(const OrtMapTypeInfo*, OrtTypeInfo** out) — release it
    let getMapValueType: @convention(c) (OpaquePointer, UnsafeMutablePointer<OpaquePointer?>) -> OrtStatusPointer
    /// 107: GetSequenceElementType(const OrtSequenceTypeInfo*, OrtTypeInfo** out) — release it
    let getSequenceElementType: @convention(c) (OpaquePointer, UnsafeMutablePointer<OpaquePointer?>) -> OrtStatusPointer
    /// 125: GetAvailableProviders(char*** out, int* length) — release with ReleaseAvailableProviders
    let getAvailableProviders:
        @convention(c) (
            UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>, UnsafeMutablePointer<Int32>
        )
            -> OrtStatusPointer
    /// 126: ReleaseAvailableProviders(char** ptr, int length)
    let releaseAvailableProviders:
        @convention(c) (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, Int32) -> OrtStatusPointer
    /// 130: AddSessionConfigEntry(OrtSessionOptions*, const char* config_key, const char* config_value) (added in v5)
    let addSessionConfigEntry:
        @convention(c) (OpaquePointer, UnsafePointer<CChar>, UnsafePointer<CChar>) -> OrtStatusPointer
    /// 152: SessionOptionsAppendExecutionProvider_CUDA(OrtSessionOptions*, const OrtCUDAProviderOptions*)
    let sessionOptionsAppendExecutionProviderCUDA: @convention(c) (OpaquePointer, UnsafeRawPointer) -> OrtStatusPointer

    /// Reads the entries out of the table at `table`.
    init(table: UnsafeRawPointer) {
        func entry<F>(_ index: Int, _: F.Type = F.self) -> F {
            let pointer = table.load(
                fromByteOffset: index * MemoryLayout<UnsafeRawPointer>.stride, as: UnsafeRawPointer.self)
            return unsafeBitCast(pointer, to: F.self)
        }
        createStatus = entry(0)
        getErrorCode = entry(1)
        getErrorMessage = entry(2)
        createEnv = entry(3)
        createSession = entry(7)
        run = entry(9)
        createSessionOptions = entry(10)
        disableMemPattern = entry(17)
        disableCpuMemArena = entry(19)
        setSessionGraphOptimizationLevel = entry(23)
        setIntraOpNumThreads = entry(24)
        setInterOpNumThreads = entry(25)
        sessionGetInputCount = entry(30)
        sessionGetOutputCount = entry(31)
        sessionGetInputTypeInfo = entry(33)
        sessionGetOutputTypeInfo = entry(34)
        sessionGetInputName = entry(36)
        sessionGetOutputName = entry(37)
        createTensorAsOrtValue = entry(48)
        createTensorWithDataAsOrtValue = entry(49)
        getTensorMutableData = entry(51)
        fillStringTensor = entry(52)
        getStringTensorDataLength = entry(53)
        getStringTensorContent = entry(54)
        castTypeInfoToTensorInfo = entry(55)
        getOnnxTypeFromTypeInfo = entry(56)
        getTensorElementType = entry(60)
        getDimensionsCount = entry(61)
        getDimensions = entry(62)
        getSymbolicDimensions = entry(63)
        getTensorShapeElementCount = entry(64)
        getTensorTypeAndShape = entry(65)
        getValueType = entry(67)
        createCpuMemoryInfo = entry(69)
        allocatorFree = entry(76)
        getAllocatorWithDefaultOptions = entry(78)
        getValue = entry(80)
        getValueCount = entry(81)
        releaseEnv = entry(92)
        releaseStatus = entry(93)
        releaseMemoryInfo = entry(94)
        releaseSession = entry(95)
        releaseValue = entry(96)
        releaseTypeInfo = entry(98)
        releaseTensorTypeAndShapeInfo = entry(99)
        releaseSessionOptions = entry(100)
        castTypeInfoToMapTypeInfo = entry(103)
        castTypeInfoToSequenceTypeInfo = entry(104)
        getMapKeyType = entry(105)
        getMapValueType = entry(106)
        getSequenceElementType = entry(107)
        getAvailableProviders = entry(125)
        releaseAvailableProviders = entry(126)
        addSessionConfigEntry = entry(130)
        sessionOptionsAppendExecutionProviderCUDA = entry(152)
    }
}

/// `struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t version); const char* (*GetVersionString)(void); }`
/// — two function pointers, reached through the library's one exported symbol `OrtGetApiBase`.
enum OrtAPIBase {
    typealias GetAPIBase = @convention(c) () -> UnsafeRawPointer?
    typealias GetAPI = @convention(c) (UInt32) -> UnsafeRawPointer?
    typealias GetVersionString = @convention(c) () -> UnsafePointer<CChar>?

    /// Slot 0: GetApi; slot 1: GetVersionString.
    static func functions(of base: UnsafeRawPointer) -> (GetAPI, GetVersionString) {
        let stride = MemoryLayout<UnsafeRawPointer>.stride
        let getAPI = base.load(fromByteOffset: 0, as: UnsafeRawPointer.self)
        let version = base.load(fromByteOffset: stride, as: UnsafeRawPointer.self)
        return (unsafeBitCast(getAPI, to: GetAPI.self), unsafeBitCast(version, to: GetVersionString.self))
    }
}

/// C enum values used with the table (from the same header).
enum OrtConstant {
    /// OrtErrorCode ORT_INVALID_ARGUMENT.
    static let errorInvalidArgument: Int32 = 2
    /// OrtLoggingLevel: VERBOSE 0, INFO 1, WARNING 2, ERROR 3, FATAL 4.
    static let loggingWarning: Int32 = 2
    static let loggingError: Int32 = 3
    /// OrtAllocatorType OrtArenaAllocator.
    static let arenaAllocator: Int32 = 1
    /// OrtMemType OrtMemTypeDefault.
    static let memTypeDefault: Int32 = 0
    /// ONNXType: UNKNOWN 0, TENSOR 1, SEQUENCE 2, MAP 3, OPAQUE 4, SPARSETENSOR 5, OPTIONAL 6.
    static let typeTensor: Int32 = 1
    static let typeSequence: Int32 = 2
    static let typeMap: Int32 = 3
}
