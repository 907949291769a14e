import Foundation

/// `klynge check`: the whole build in memory (every validation, the link check,
/// the deadline warnings) with nothing written.
public struct CheckReport: Sendable {
    public var clusters: Int
    public var pages: Int
    public var errors: [Diagnostic]
    public var warnings: [Diagnostic]

    public var passed: Bool { errors.isEmpty }

    public static func run(_ options: BuildOptions) -> CheckReport {
        switch SiteBuilder.render(options) {
        case .success(let report):
            return CheckReport(clusters: report.clusters, pages: report.pages, errors: [], warnings: report.warnings)
        case .failure(let failure):
            return CheckReport(clusters: 0, pages: 0,
                               errors: failure.diagnostics.filter { $0.severity == .error },
                               warnings: failure.diagnostics.filter { $0.severity == .warning })
        }
    }

    /// For tools: stable keys, one object per problem, paths relative to the root.
    public func json() -> String {
        struct Problem: Encodable {
            var path: String, line: Int, column: Int, severity: String, message: String
        }
        struct Output: Encodable {
            var ok: Bool, clusters: Int, pages: Int, errors: [Problem], warnings: [Problem]
        }
        func problem(_ diagnostic: Diagnostic) -> Problem {
            Problem(path: diagnostic.location.path, line: diagnostic.location.line, column: diagnostic.location.column,
                    severity: diagnostic.severity.rawValue, message: diagnostic.message)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let output = Output(ok: passed, clusters: clusters, pages: pages, errors: errors.map(problem), warnings: warnings.map(problem))
        return String(decoding: (try? encoder.encode(output)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
