/// What `klynge serve` adds to the pages it serves, and only there: a script that
/// reloads the page when the site changes, and the errors of a failed build on
/// top of the last good page. A built site never contains any of it.
enum LiveReload {
    static let versionPath = "/__klynge/version"
    static let scriptPath = "/__klynge/reload.js"
    static let stylesheetPath = "/__klynge/serve.css"

    /// Polls the site's version and reloads when it changes; after a restart of
    /// `serve` the version differs too. Plain polling: no third party, no socket.
    static let script = """
        (function () {
          var current = document.currentScript.getAttribute("data-version");
          function poll() {
            fetch("\(versionPath)", { cache: "no-store" })
              .then(function (response) { return response.text(); })
              .then(function (version) {
                if (version !== current) { location.reload(); } else { setTimeout(poll, 400); }
              })
              .catch(function () { setTimeout(poll, 1500); });
          }
          setTimeout(poll, 400);
        })();

        """

    static let stylesheet = """
        #klynge-errors { position: fixed; inset: 0 0 auto 0; z-index: 2147483647; max-height: 60vh; overflow: auto;
          margin: 0; padding: 1rem 1.25rem; background: #fff5f5; color: #1a1a1a; border-bottom: 4px solid #b00020;
          box-shadow: 0 4px 16px rgb(0 0 0 / 0.25); font: 15px/1.45 system-ui, sans-serif; }
        #klynge-errors p { margin: 0 0 0.5rem; }
        #klynge-errors pre { margin: 0; white-space: pre-wrap; font: 13px/1.5 ui-monospace, monospace; color: #7a0015; }
        @media print { #klynge-errors { display: none; } }

        """

    /// The served copy of a page: its Content-Security-Policy also allows the
    /// reload script and its requests to this server.
    static func inject(into page: String, version: String, errors: [Diagnostic]) -> String {
        var html = page
        let policy = #"http-equiv="Content-Security-Policy" content=""#
        if let range = html.range(of: policy) {
            html.insert(contentsOf: "script-src 'self'; connect-src 'self'; ", at: range.upperBound)
        }
        let head = """
            <link rel="stylesheet" href="\(stylesheetPath)">
            <script src="\(scriptPath)" data-version="\(escape(version))"></script>

            """
        if let range = html.range(of: "</head>") {
            html.insert(contentsOf: head, at: range.lowerBound)
        } else {
            html = head + html
        }
        if !errors.isEmpty {
            if let body = html.range(of: "<body"), let end = html[body.upperBound...].firstIndex(of: ">") {
                html.insert(contentsOf: "\n" + overlay(errors), at: html.index(after: end))
            } else {
                html += overlay(errors)
            }
        }
        return html
    }

    static func overlay(_ errors: [Diagnostic]) -> String {
        let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
        return """
            <div id="klynge-errors" role="alert" lang="en">
            <p><strong>klynge serve: the last change has \(count).</strong> This is the last good version of the site; \
            the page reloads by itself when the errors are fixed.</p>
            <pre>\(escape(errors.map(\.description).joined(separator: "\n")))</pre>
            </div>

            """
    }

    /// Served for every address while no build has succeeded yet.
    static func errorPage(_ errors: [Diagnostic], version: String) -> String {
        page(title: "Klynge: the site does not build", body: errors.isEmpty ? "<p>Building…</p>" : "", version: version, errors: errors)
    }

    static func notFoundPage(_ path: String, errors: [Diagnostic], version: String) -> String {
        page(title: "Not found", body: "<h1>Not found</h1>\n<p>The site has no page at <code>\(escape(path))</code>. <a href=\"/\">The index of clusters</a>.</p>",
             version: version, errors: errors)
    }

    private static func page(title: String, body: String, version: String, errors: [Diagnostic]) -> String {
        let html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'">
            <title>\(escape(title))</title>
            </head>
            <body>
            \(body)
            </body>
            </html>

            """
        return inject(into: html, version: version, errors: errors)
    }

    /// HTML text and attribute escaping, shared with the Theme templates.
    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
