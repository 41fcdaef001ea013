import Foundation

/// The folder machinery every versioned store shares (models, bentos): entries in
/// `<root>/<name>/<version>/`, `<name>/latest` naming the newest, staging folders in `<root>/.tmp`,
/// and an exclusive `flock` on `<root>/.lock` around every change.
///
/// A store fills a staging folder, then calls ``install(_:as:)``, which renames it into place under
/// the lock, so readers never see a partial entry and a crash leaves only a staging folder that the
/// next write removes.
///
/// ```swift
/// let core = VersionedStore(root: home + "/bentos", noun: "bento", command: "bento") { name in newest(name) }
/// let staging = try core.makeStagingDirectory()
/// // … write files into staging …
/// let folder = try core.install(staging, as: tag)
/// ```
package struct VersionedStore: Sendable {
    /// The folder holding every name.
    package let root: String
    /// What an entry is called in messages ("model", "bento").
    package let noun: String
    /// The command group users type for this store ("bento models", "bento").
    package let command: String
    private let newest: @Sendable (String) -> String?

    /// `newestVersion` gives the newest healthy version of a name; it decides what `latest` names.
    package init(root: String, noun: String, command: String, newestVersion: @escaping @Sendable (String) -> String?) {
        self.root = root
        self.noun = noun
        self.command = command
        self.newest = newestVersion
    }

    package var lockPath: String { root + "/.lock" }
    package var tempRoot: String { root + "/.tmp" }

    /// The folder of an exact tag (or of `latest` for a tag without a version).
    package func directory(of tag: Tag) -> String { root + "/" + tag.name + "/" + (tag.version ?? "latest") }

    /// A fresh staging folder inside the store, named after this process so leftovers can be told apart.
    package func makeStagingDirectory() throws(StoreError) -> String {
        let path = tempRoot + "/\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileSystem.makeDirectory(path)
        return path
    }

    /// Staging folders whose process is gone: interrupted writes. Nothing reads them; the next
    /// write removes them.
    package func leftovers() -> [String] {
        FileSystem.list(tempRoot).filter { name in
            guard let pid = name.split(separator: "-").first.flatMap({ Int32($0) }) else { return true }
            return !FileSystem.processIsAlive(pid)
        }.map { tempRoot + "/" + $0 }
    }

    /// The names in the store, sorted.
    package func names() -> [String] {
        FileSystem.entries(root).filter { !$0.name.hasPrefix(".") && $0.kind == .directory }.map(\.name)
    }

    /// The version folders of `name`, sorted by name.
    package func versionFolders(of name: String) -> [String] {
        FileSystem.entries(root + "/" + name)
            .filter { $0.kind == .directory && $0.name != "latest" && !$0.name.contains(".tmp-") }.map(\.name)
    }

    /// Renames a filled, fsynced staging folder to the entry of `tag` under the lock, re-points
    /// `latest` and clears leftovers. Throws `.alreadyExists` when the tag is taken. Returns the
    /// entry's folder.
    package func install(_ staging: String, as tag: Tag) throws(StoreError) -> String {
        let target = directory(of: tag)
        try FileSystem.makeDirectory(root)
        return try FileLock.withExclusiveLock(at: lockPath) { () throws(StoreError) -> String in
            guard FileSystem.kind(target) == .missing else {
                throw StoreError(
                    .alreadyExists,
                    "\(noun) '\(tag)' is already stored; delete it first with `\(command) delete \(tag) -y`")
            }
            try FileSystem.makeDirectory(root + "/" + tag.name)
            try FileSystem.rename(staging, to: target)
            try repointLatest(tag.name)
            for leftover in leftovers() { FileSystem.remove(leftover) }
            return target
        }
    }

    /// Deletes an entry and re-points `latest` at the newest remaining version (or removes the
    /// name's folder when none is left). Broken entries can be deleted too. Returns the exact tag.
    package func delete(_ tag: Tag) throws(StoreError) -> Tag {
        try FileLock.withExclusiveLock(at: lockPath) { () throws(StoreError) -> Tag in
            let exact = try resolve(tag)
            try FileSystem.makeDirectory(tempRoot)
            let trash = tempRoot + "/\(getpid())-delete-\(UInt32.random(in: 0...UInt32.max))"
            try FileSystem.rename(directory(of: exact), to: trash)
            FileSystem.remove(trash)
            try repointLatest(exact.name)
            return exact
        }
    }

    /// Rewrites `<name>/latest` to name the newest healthy version; call with the lock held.
    package func repointLatest(_ name: String) throws(StoreError) {
        let folder = root + "/" + name
        if let newest = newest(name) {
            try FileSystem.writeAtomically(newest + "\n", to: folder + "/latest")
        } else {
            FileSystem.remove(folder + "/latest")
            if FileSystem.list(folder).isEmpty { FileSystem.remove(folder) }
        }
    }

    /// The exact tag `tag` refers to: itself when it has a version, else what `latest` names (or
    /// the newest version when `latest` is missing or stale).
    package func resolve(_ tag: Tag) throws(StoreError) -> Tag {
        if tag.version != nil {
            guard FileSystem.kind(directory(of: tag)) == .directory else {
                throw StoreError(.notFound, "\(noun) '\(tag)' is not in \(root); run `\(command) list` to see what is")
            }
            return tag
        }
        if let text = try? FileSystem.readText(root + "/" + tag.name + "/latest") {
            let version = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let candidate = Tag(name: tag.name, version: version)
            if (try? Tag.validate(version, part: "version")) != nil,
                FileSystem.kind(directory(of: candidate)) == .directory {
                return candidate
            }
        }
        guard let newest = newest(tag.name) else {
            throw StoreError(.notFound, "no \(noun) named '\(tag.name)' in \(root); run `\(command) list` to see what is")
        }
        return Tag(name: tag.name, version: newest)
    }
}
