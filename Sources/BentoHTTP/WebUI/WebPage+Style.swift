extension WebPage {
    static let style = """
        :root { --fg: #1d232a; --muted: #66707a; --line: #d8dde2; --accent: #c2410c; --bg: #f7f8f9; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
        header { padding: 16px 24px; background: #fff; border-bottom: 1px solid var(--line); display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
        header h1 { margin: 0; font-size: 20px; }
        header nav { margin-left: auto; }
        a { color: var(--accent); }
        main { max-width: 960px; margin: 0 auto; padding: 24px; display: grid; gap: 16px; }
        .api { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; }
        .api h2 { margin: 0 0 4px; font-size: 17px; }
        .api h2 code { color: var(--accent); font-weight: 600; }
        .muted { color: var(--muted); }
        label { display: block; margin: 10px 0 4px; font-weight: 600; font-size: 13px; }
        input[type=text], input[type=number], textarea, select { width: 100%; padding: 7px 9px; border: 1px solid var(--line); border-radius: 6px; font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; background: #fff; }
        textarea { min-height: 90px; resize: vertical; }
        button { margin-top: 12px; padding: 8px 16px; border: 0; border-radius: 6px; background: var(--accent); color: #fff; font-weight: 600; cursor: pointer; }
        button:disabled { opacity: .6; cursor: wait; }
        .result { margin-top: 12px; display: none; }
        .result.shown { display: block; }
        .meta { font-size: 13px; margin-bottom: 6px; }
        .meta .ok { color: #15803d; font-weight: 600; }
        .meta .bad { color: #b91c1c; font-weight: 600; }
        pre { margin: 0; padding: 10px 12px; background: #0f172a; color: #e2e8f0; border-radius: 6px; overflow: auto; max-height: 360px; font-size: 12.5px; }
        img.output { max-width: 100%; border: 1px solid var(--line); border-radius: 6px; }
        """
}
