/// One member of a tar archive as ``TarReader`` reports it.
struct TarEntry: Equatable {
    /// What kind of member this is.
    enum Kind: Equatable {
        case file, directory, symlink, hardLink, characterDevice, blockDevice, fifo
        case other(UInt8)

        init(flag: UInt8) {
            switch flag {
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): self = .file
            case UInt8(ascii: "1"): self = .hardLink
            case UInt8(ascii: "2"): self = .symlink
            case UInt8(ascii: "3"): self = .characterDevice
            case UInt8(ascii: "4"): self = .blockDevice
            case UInt8(ascii: "5"): self = .directory
            case UInt8(ascii: "6"): self = .fifo
            default: self = .other(flag)
            }
        }

        /// How an error message names this kind.
        var label: String {
            switch self {
            case .file: "file"
            case .directory: "folder"
            case .symlink: "symbolic link"
            case .hardLink: "hard link"
            case .characterDevice: "character device"
            case .blockDevice: "block device"
            case .fifo: "FIFO"
            case .other(let flag): "member of unknown type '\(Character(Unicode.Scalar(flag)))'"
            }
        }
    }

    /// The member's path as stored (after PAX and GNU long-name records).
    var path: String
    var kind: Kind
    /// Size of the contents in bytes (0 for everything but files).
    var size: Int64
    /// Target of a link member.
    var linkTarget: String
}
