import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `klynge build --pdf`: a PDF beside every document page, printed by headless
/// Chromium from the pages just rendered, with the theme's print stylesheet.
///
/// Chromium, not WeasyPrint: it is the engine the browser check already prints
/// with (same A4 page size from the CSS, backgrounds on), so a PDF has the pages
/// the check counts, and it tags its PDFs and writes `/Lang` from `<html lang>`
/// and the title from `<title>`. WeasyPrint would be a second layout engine whose
/// pages can break differently from the check's.
///
/// The pages are printed from a staging folder through `file:` URLs; the PDFs then
/// become output files like any other, written in the same swap as the site.
public enum PDFPrinter {
    public static let debianPackage = "chromium"
    public static let missingMessage = "--pdf prints the pages with headless Chromium, which is not installed; install the Debian package '\(debianPackage)' (sudo apt-get install \(debianPackage))"

    /// The Chromium binary on the search path, or nil.
    public static func locate(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> URL? {
        for folder in (searchPath ?? "").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }

    /// `<cluster>/<slug>/index.html` → `<cluster>/<slug>/<slug>.pdf`.
    static func pdfPath(ofPage path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return "\(folder)/\((folder as NSString).lastPathComponent).pdf"
    }

    /// The PDFs of `pages`, printed from `files` (the pages and the assets they load).
    /// - Parameter baseURL: where the site is published; links between the pages
    ///   point there in the PDFs, not into the staging folder.
    static func print(pages: [String], files: [OutputFile], chromium: URL, baseURL: String,
                      workers: Int?) -> Result<[OutputFile], BuildFailure> {
        let stage = FileManager.default.temporaryDirectory.appendingPathComponent("klynge-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: stage) }
        do {
            for file in files where file.path.hasSuffix(".html") || file.path.hasPrefix("assets/") {
                let url = stage.appendingPathComponent("site/\(file.path)")
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.data.write(to: url)
            }
        } catch {
            return .failure(BuildFailure(diagnostics: [.error(SourceLocation(path: stage.path), "could not stage the pages for printing: \(error)")]))
        }
        let site = stage.appendingPathComponent("site")
        let siteURL = site.absoluteURL.absoluteString.hasSuffix("/") ? site.absoluteURL.absoluteString : site.absoluteURL.absoluteString + "/"
        let stageBytes = Array(stage.path.utf8)
        // Chromium starts in about a second and prints a page in a fraction of one: two at
        // a time keep a small machine busy without starving the rest of the build.
        let results = Parallel.map(Array(pages.enumerated()), workers: min(workers ?? 2, 2)) { index, page -> Result<OutputFile, Diagnostic> in
            let out = stage.appendingPathComponent("pdf-\(index).pdf")
            let profile = stage.appendingPathComponent("profile-\(index)")
            if let problem = run(chromium, page: site.appendingPathComponent(page), to: out, profile: profile) {
                return .failure(.error(SourceLocation(path: page), "could not print the page to PDF: \(problem)"))
            }
            guard let data = try? Data(contentsOf: out) else {
                return .failure(.error(SourceLocation(path: page), "Chromium wrote no PDF for the page"))
            }
            switch PDFFile.pinned(data, replacingPrefix: siteURL, with: baseURL + "/") {
            case .success(let pinned):
                // A staging path left in the file (written in a way the rewrite does not
                // know) would differ from run to run and lead nowhere: refuse it.
                if PDFFile.contains(stageBytes, in: [UInt8](pinned)) {
                    return .failure(.error(SourceLocation(path: page), "the PDF of the page still names the staging folder \(stage.path)"))
                }
                return .success(OutputFile(path: pdfPath(ofPage: page), data: pinned))
            case .failure(let problem): return .failure(.error(SourceLocation(path: page), "the PDF of the page could not be made reproducible: \(problem)"))
            }
        }
        var pdfs: [OutputFile] = []
        var problems: [Diagnostic] = []
        for result in results {
            switch result {
            case .success(let file): pdfs.append(file)
            case .failure(let problem): problems.append(problem)
            }
        }
        return problems.isEmpty ? .success(pdfs) : .failure(BuildFailure(diagnostics: problems))
    }

    /// How long one page may take to print.
    static let timeout: TimeInterval = 120

    /// Prints one page; nil when it worked, else what went wrong.
    private static func run(_ chromium: URL, page: URL, to out: URL, profile: URL) -> String? {
        let process = Process()
        process.executableURL = chromium
        var arguments = [
            "--headless=new", "--no-pdf-header-footer", "--print-to-pdf=\(out.path)",
            // A profile of its own: two printers at once must not share one, nor touch the user's.
            "--user-data-dir=\(profile.path)",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
            // Headings become the PDF's bookmarks, for reading and navigating it with assistive tools.
            "--generate-pdf-document-outline",
        ]
        // Chromium refuses to run as root with its sandbox (as in a container); it prints
        // only Klynge's own pages, which load nothing from other hosts and run no script.
        if geteuid() == 0 { arguments.append("--no-sandbox") }
        arguments.append(page.absoluteURL.absoluteString)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { return "\(chromium.path) did not start: \(error)" }
        // A page prints in seconds; a Chromium that hangs must not hold the build forever.
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        if process.terminationReason == .uncaughtSignal, process.terminationStatus == SIGTERM {
            return "\(chromium.lastPathComponent) did not finish within \(Int(timeout)) seconds"
        }
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: out.path) else {
            let last = String(decoding: message, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
            return "\(chromium.lastPathComponent) exited with status \(process.terminationStatus)\(last.isEmpty ? "" : ": \(last)")"
        }
        return nil
    }
}

/// The few changes Klynge makes to a PDF Chromium wrote, byte for byte, so that the
/// same pages give the same file: the build's clock and the staging folder are left
/// out. Skia writes PDF 1.4 with a classic cross-reference table, so an edit that
/// changes lengths only has to move the table's offsets after it.
enum PDFFile {
    /// - Parameters:
    ///   - prefix: the staging folder's `file:` address, which links between pages carry;
    ///   - replacement: the published site's address, put in its place.
    static func pinned(_ data: Data, replacingPrefix prefix: String, with replacement: String) -> Result<Data, PDFError> {
        var bytes = [UInt8](data)
        // The creation and modification dates are the moment of printing (Chromium has
        // no way to set them; SOURCE_DATE_EPOCH is ignored): blanked to spaces of the
        // same length, which a PDF dictionary reads as white space.
        for key in ["/CreationDate (", "/ModDate ("] {
            guard let start = find(Array(key.utf8), in: bytes, from: 0, limit: 8192),
                  let end = bytes[start...].firstIndex(of: UInt8(ascii: ")")) else { continue }
            for index in start...end { bytes[index] = 0x20 }
        }
        return relocated(bytes, replacing: Array(prefix.utf8), with: Array(replacement.utf8)).map { Data($0) }
    }

    struct PDFError: Error, CustomStringConvertible {
        var description: String
    }

    /// Every occurrence of `old` replaced by `new`, with the cross-reference table's
    /// offsets and `startxref` moved by what was inserted or removed before them.
    static func relocated(_ bytes: [UInt8], replacing old: [UInt8], with new: [UInt8]) -> Result<[UInt8], PDFError> {
        var hits: [Int] = []
        var from = 0
        while let hit = find(old, in: bytes, from: from) {
            hits.append(hit)
            from = hit + old.count
        }
        guard !hits.isEmpty else { return .success(bytes) }
        guard let startxrefAt = findLast(Array("startxref".utf8), in: bytes) else { return .failure(PDFError(description: "no startxref")) }
        guard let xref = number(in: bytes, after: startxrefAt + "startxref".count), bytes[xref.value...].starts(with: Array("xref".utf8)) else {
            return .failure(PDFError(description: "no classic cross-reference table"))
        }
        let delta = new.count - old.count
        func moved(_ offset: Int) -> Int { offset + delta * hits.prefix { $0 < offset }.count }
        guard hits.allSatisfy({ $0 < xref.value }) else { return .failure(PDFError(description: "a link inside the cross-reference table")) }

        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + delta * hits.count)
        var copied = 0
        for hit in hits {
            out += bytes[copied..<hit]
            out += new
            copied = hit + old.count
        }
        out += bytes[copied..<xref.value]
        // The table: `xref`, then subsections of `first count` and 20-byte entries.
        var index = xref.value + "xref".count
        var rewritten = Array("xref".utf8)
        func skipSpace() { while index < startxrefAt, [0x20, 0x0A, 0x0D].contains(bytes[index]) { rewritten.append(bytes[index]); index += 1 } }
        skipSpace()
        while index < startxrefAt, bytes[index] != UInt8(ascii: "t") {
            guard let first = number(in: bytes, after: index), let count = number(in: bytes, after: first.end) else {
                return .failure(PDFError(description: "an unreadable cross-reference subsection"))
            }
            rewritten += bytes[index..<count.end]
            index = count.end
            skipSpace()
            for _ in 0..<count.value {
                guard index + 20 <= startxrefAt, let offset = Int(String(decoding: bytes[index..<index + 10], as: UTF8.self)) else {
                    return .failure(PDFError(description: "an unreadable cross-reference entry"))
                }
                let inUse = bytes[index + 17] == UInt8(ascii: "n")
                let value = inUse ? moved(offset) : offset
                let digits = String(value)
                guard digits.count <= 10 else { return .failure(PDFError(description: "an offset too large")) }
                rewritten += Array((String(repeating: "0", count: 10 - digits.count) + digits).utf8)
                rewritten += bytes[(index + 10)..<(index + 20)]
                index += 20
            }
            skipSpace()
        }
        out += rewritten
        out += bytes[index..<(startxrefAt + "startxref".count)]
        out += Array("\n\(moved(xref.value))".utf8)
        out += bytes[xref.end...]
        return .success(out)
    }

    static func contains(_ needle: [UInt8], in bytes: [UInt8]) -> Bool { find(needle, in: bytes, from: 0) != nil }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int, limit: Int? = nil) -> Int? {
        guard let first = needle.first else { return nil }
        let end = min(bytes.count, limit ?? bytes.count) - needle.count
        var index = start
        while index <= end {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    private static func findLast(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        var index = bytes.count - needle.count
        while index >= 0 {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index -= 1
        }
        return nil
    }

    /// The decimal number after `start` (past white space), with where it ends.
    private static func number(in bytes: [UInt8], after start: Int) -> (value: Int, end: Int)? {
        var index = start
        while index < bytes.count, [0x20, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        let digitsStart = index
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        guard index > digitsStart, let value = Int(String(decoding: bytes[digitsStart..<index], as: UTF8.self)) else { return nil }
        return (value, index)
    }
}
