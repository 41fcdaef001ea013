import Foundation
import Testing

@testable import BentoCore

struct Iris: Codable, Sendable, Equatable {
    var features: [[Float]]
    var note: String?
}

struct Nested: Codable, Sendable {
    struct Inner: Codable, Sendable { var count: Int; var tags: [String] }
    var name: String
    var inner: Inner
    var scores: [String: Double]
    var flag: Bool?
}

private func request(_ body: String, _ contentType: String? = "application/json", headers: [(String, String)] = []) -> APIRequest {
    APIRequest(body: Array(body.utf8), contentType: contentType, headers: headers.map { (name: $0.0, value: $0.1) })
}

@Suite struct JSONDescriptorTests {
    let descriptor = JSONDescriptor(Iris.self) { iris in
        guard iris.features.allSatisfy({ $0.count == 4 }) else { throw ValidationError("each row needs 4 features") }
    }

    @Test func decodesAndEncodes() throws {
        let value = try descriptor.decode(request(#"{"features": [[5.1, 3.5, 1.4, 0.2]]}"#))
        #expect(value == Iris(features: [[5.1, 3.5, 1.4, 0.2]]))
        let out = try descriptor.encode(value, for: request(""))
        #expect(out.contentType == "application/json")
        #expect(try JSONDecoder().decode(Iris.self, from: Data(out.body)) == value)
        // A missing Content-Type is accepted as JSON.
        #expect(try descriptor.decode(request(#"{"features": []}"#, nil)).features.isEmpty)
    }

    @Test(arguments: [
        (#"{"features": [[5.1, "x", 1, 2]]}"#, "field 'features[0][1]': expected a number"),
        (#"{"feature": []}"#, "field 'features': required field is missing"),
        (#"{"features": null}"#, "field 'features': expected an array, found null"),
        (#"{"features": [[1,2,3]]}"#, "each row needs 4 features"),
        (#"{"features": "#, "body is not valid JSON"),
    ])
    func errorsNameTheField(body: String, message: String) throws {
        let error = try #require(throws: ServiceError.self) { try descriptor.decode(request(body)) }
        #expect(error.code == .badInput)
        #expect(error.message.hasPrefix(message), "\(error.message)")
    }

    @Test func rejectsOtherContentTypes() throws {
        let error = try #require(throws: ServiceError.self) { try descriptor.decode(request("{}", "image/png")) }
        #expect(error.message.contains("unsupported Content-Type 'image/png'"))
        // What curl sends by default with -d is read as JSON.
        #expect(try descriptor.decode(request(#"{"features": []}"#, "application/x-www-form-urlencoded")).features.isEmpty)
    }

    @Test func schemaComesFromTheType() throws {
        let schema = SchemaDecoder.schema(for: Nested.self)
        let text = String(decoding: schema.bytes(), as: UTF8.self)
        #expect(
            text
                == #"{"type":"object","properties":{"name":{"type":"string"},"inner":{"type":"object","properties":{"count":{"type":"integer"},"tags":{"type":"array","items":{"type":"string"}}},"required":["count","tags"]},"scores":{"type":"object","additionalProperties":{"type":"number"}},"flag":{"type":"boolean"}},"required":["name","inner","scores"]}"#
        )
        let iris = SchemaDecoder.schema(for: Iris.self)
        #expect(iris["properties"]?["features"]?["items"]?["items"]?["type"] == "number")
        #expect(iris["required"] == ["features"])
    }
}

@Suite struct TensorDescriptorTests {
    let descriptor = TensorDescriptor(dtype: .float32, shape: [-1, 4])

    @Test func decodesJSONAndBinary() throws {
        let json = try descriptor.decode(request("[[1, 2, 3, 4], [5, 6, 7, 8]]"))
        #expect(json.shape == [2, 4])
        let bytes = try json.bytes
        let binary = try descriptor.decode(
            APIRequest(body: bytes, contentType: "application/octet-stream", headers: [("X-Tensor-Shape", "2,4")])
        )
        #expect(binary == json)
        // The wildcard dimension is inferred from the length when no shape is sent.
        let inferred = try descriptor.decode(APIRequest(body: bytes, contentType: "application/octet-stream"))
        #expect(inferred == json)
        let params = try TensorDescriptor().decode(
            APIRequest(body: bytes, contentType: "application/octet-stream; dtype=float32; shape=8")
        )
        #expect(params.shape == [8])
    }

    @Test func rejectsBadTensors() throws {
        let shape = try #require(throws: ServiceError.self) { try descriptor.decode(request("[[1, 2, 3]]")) }
        #expect(shape.message == "body: tensor shape [1, 3] does not match [-1, 4]")
        let dtype = try #require(throws: ServiceError.self) {
            try descriptor.decode(APIRequest(body: [0, 0, 0, 0], contentType: "application/octet-stream", headers: [("X-Tensor-DType", "int32"), ("X-Tensor-Shape", "1,1")]))
        }
        #expect(dtype.message == "body: tensor must be float32, got int32")
        let truncated = try #require(throws: ServiceError.self) {
            try descriptor.decode(APIRequest(body: [0, 0, 0], contentType: "application/octet-stream", headers: [("X-Tensor-Shape", "1,4")]))
        }
        #expect(truncated.message.contains("needs 4 × 4 = 16 bytes, got 3"))
        let malformed = try #require(throws: ServiceError.self) { try descriptor.decode(request("[[1, 2, 3, 4]")) }
        #expect(malformed.message.contains("malformed JSON"))
    }

    @Test func encodesJSONOrBinaryByAccept() throws {
        let t = try Tensor([1, 2] as [Float], shape: [1, 2])
        #expect(try descriptor.encode(t, for: request("")).body == Array("[[1.0,2.0]]".utf8))
        let binary = try descriptor.encode(t, for: request("", headers: [("Accept", "application/octet-stream")]))
        #expect(binary.body == t.bytes)
        #expect(binary.headers.contains { $0.name == "X-Tensor-Shape" && $0.value == "1,2" })
    }
}

@Suite struct TextFileMultipartTests {
    @Test func text() throws {
        #expect(try TextDescriptor().decode(request("héllo", "text/plain; charset=utf-8")) == "héllo")
        #expect(throws: ServiceError.self) { try TextDescriptor().decode(APIRequest(body: [0xFF, 0xFE], contentType: "text/plain")) }
    }

    @Test func fileChecksContentType() throws {
        let d = FileDescriptor(allowing: ["image/*"])
        #expect(try d.decode(APIRequest(body: [1, 2], contentType: "image/png")).bytes == [1, 2])
        let error = try #require(throws: ServiceError.self) { try d.decode(APIRequest(body: [1], contentType: "text/csv")) }
        #expect(error.message == "file of type 'text/csv' is not allowed; expected image/*")
    }

    @Test func multipartCombinesDescriptors() throws {
        let d = MultipartDescriptor([("image", FileDescriptor(allowing: ["image/*"])), ("meta", JSONDescriptor(Iris.self)), ("caption", TextDescriptor())], optional: ["caption"])
        let body = [
            "--XyZ", #"Content-Disposition: form-data; name="image"; filename="a.png""#, "Content-Type: image/png", "", "PNGDATA",
            "--XyZ", #"Content-Disposition: form-data; name="meta""#, "Content-Type: application/json", "", #"{"features": [[1,2,3,4]]}"#,
            "--XyZ--", "",
        ].joined(separator: "\r\n")
        let value = try d.decode(request(body, "multipart/form-data; boundary=XyZ"))
        let image = try value.value("image", as: FileValue.self)
        #expect(image.bytes == Array("PNGDATA".utf8))
        #expect(image.filename == "a.png")
        #expect(try value.value("meta", as: Iris.self).features == [[1, 2, 3, 4]])
        #expect(value.values["caption"] == nil)

        let missing = try #require(throws: ServiceError.self) {
            try d.decode(request("--XyZ\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nhi\r\n--XyZ--\r\n", "multipart/form-data; boundary=XyZ"))
        }
        #expect(missing.message == "multipart field 'image' is missing")
        let badPart = try #require(throws: ServiceError.self) {
            try d.decode(request(body.replacingOccurrences(of: "image/png", with: "text/plain"), "multipart/form-data; boundary=XyZ"))
        }
        #expect(badPart.message.hasPrefix("multipart field 'image': file of type 'text/plain' is not allowed"))
        #expect(throws: ServiceError.self) { try d.decode(request("--XyZ\r\nbroken", "multipart/form-data; boundary=XyZ")) }
        #expect(throws: ServiceError.self) { try d.decode(request(body, "multipart/form-data")) }

        let encoded = try d.encode(value, for: request(""))
        let again = try d.decode(APIRequest(body: encoded.body, contentType: encoded.contentType))
        #expect(try again.value("image", as: FileValue.self).bytes == image.bytes)
    }
}
