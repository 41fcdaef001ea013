import BentoCore
import Foundation
import Yams

extension BentoInfo {
    /// The `bento.yaml` text of this record.
    public func yaml() throws(BuildError) -> String {
        do {
            let encoder = YAMLEncoder()
            encoder.options.sortKeys = true
            return try encoder.encode(self)
        } catch {
            throw BuildError(.invalidBento, "cannot write bento.yaml for \(tag): \(error)")
        }
    }

    /// Reads a `bento.yaml`; `source` names the file in errors.
    public init(yaml text: String, source: String) throws(BuildError) {
        do {
            self = try YAMLDecoder().decode(BentoInfo.self, from: text)
        } catch {
            throw BuildError(.invalidBento, "\(source) is not a valid bento.yaml (\(error))")
        }
        do {
            try Tag.validate(name, part: "name")
            try Tag.validate(version, part: "version")
        } catch {
            throw BuildError(.invalidBento, "\(source): \(error.message)")
        }
        for file in files where file.path.hasPrefix("/") || file.path.split(separator: "/").contains("..") {
            throw BuildError(.invalidBento, "\(source) lists the file '\(file.path)', which is outside the bento")
        }
    }
}
