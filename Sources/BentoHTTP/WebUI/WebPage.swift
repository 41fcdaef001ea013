/// The web page at `GET /`: one self-contained HTML document (styles and script inline, no
/// external assets) that reads `/docs.json`, lists the APIs, builds a form for each from its
/// request schema, calls the API and shows the response and its latency.
enum WebPage {
    /// The whole page, assembled once.
    static let html: String = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>SwiftBento</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        <header><h1 id="title">SwiftBento</h1><span id="version" class="muted"></span>
        <nav><a href="/docs.json">OpenAPI</a> · <a href="/metrics">metrics</a> · <a href="/readyz">readiness</a></nav></header>
        <main id="apis"><p class="muted" id="status">Loading /docs.json…</p></main>
        <script>
        \(script)
        </script>
        </body>
        </html>
        """

    static func routes() -> [(String, Route)] {
        let page = Reply.text(html, contentType: "text/html; charset=utf-8")
        return [("/", .get("/") { _ in page })]
    }
}
