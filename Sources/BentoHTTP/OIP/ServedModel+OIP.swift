package import BentoCore

extension ServedModel {
    /// The model metadata document of `GET /v2/models/{name}`: name, versions, platform, and the
    /// inputs and outputs with their datatypes and shapes (`-1` for dynamic dimensions).
    package func metadataJSON() -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter.literal("{\"name\":", into: &out)
        JSONWriter.string(Array(name.utf8), into: &out)
        JSONWriter.literal(",\"versions\":", into: &out)
        OIPJSON.writeStrings([version], into: &out)
        JSONWriter.literal(",\"platform\":", into: &out)
        JSONWriter.string(Array(platform.utf8), into: &out)
        for (key, specs) in [("inputs", inputs), ("outputs", outputs)] {
            out.append(contentsOf: ",\"\(key)\":[".utf8)
            for (index, spec) in specs.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                OIPJSON.writeSpecHeader(name: spec.name, dtype: spec.dtype, shape: spec.shape, into: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
