extension WebPage {
    static let script = #"""
        "use strict";
        const el = (tag, attrs = {}, ...children) => {
          const node = document.createElement(tag);
          for (const [key, value] of Object.entries(attrs)) {
            if (key === "text") node.textContent = value; else node.setAttribute(key, value);
          }
          node.append(...children);
          return node;
        };
        let docs = {};
        const resolve = (schema) => {
          let seen = 0;
          while (schema && schema.$ref && seen++ < 32) {
            schema = schema.$ref.replace(/^#\//, "").split("/").reduce((o, k) => (o ? o[k] : undefined), docs);
          }
          return schema || {};
        };
        const example = (schema, depth = 0) => {
          schema = resolve(schema);
          if (schema.example !== undefined) return schema.example;
          if (schema.default !== undefined) return schema.default;
          if (schema.enum) return schema.enum[0];
          switch (schema.type) {
            case "object": {
              const out = {};
              for (const [k, v] of Object.entries(schema.properties || {})) out[k] = example(v, depth + 1);
              return out;
            }
            case "array": return depth > 5 ? [] : [example(schema.items || {}, depth + 1)];
            case "integer": case "number": return 0;
            case "boolean": return false;
            case "string": return "";
            default: return null;
          }
        };
        // One input for one schema: returns the element and a function reading its value.
        const input = (name, schema, id) => {
          schema = resolve(schema);
          if (schema.type === "string" && schema.format === "binary") {
            const node = el("input", { type: "file", id, name });
            return { node, read: () => node.files[0] };
          }
          if (schema.enum) {
            const node = el("select", { id, name });
            for (const v of schema.enum) node.append(el("option", { text: String(v) }));
            return { node, read: () => schema.enum[node.selectedIndex] };
          }
          if (schema.type === "boolean") {
            const node = el("input", { type: "checkbox", id, name });
            return { node, read: () => node.checked };
          }
          if (schema.type === "integer" || schema.type === "number") {
            const node = el("input", { type: "number", id, name, step: schema.type === "integer" ? "1" : "any", value: "0" });
            return { node, read: () => Number(node.value) };
          }
          if (schema.type === "string") {
            const node = el("input", { type: "text", id, name });
            return { node, read: () => node.value };
          }
          const node = el("textarea", { id, name, spellcheck: "false" });
          node.value = JSON.stringify(example(schema));
          return { node, read: () => JSON.parse(node.value) };
        };
        // The form of one API and a function building its request body.
        const form = (api, op) => {
          const content = (op.requestBody || {}).content || {};
          const types = Object.keys(content);
          const type = types[0] || "application/json";
          const schema = resolve((content[type] || {}).schema);
          const box = el("div", { class: "fields" });
          const prefix = "in-" + api.replace(/[^a-zA-Z0-9]/g, "_");
          if (type === "multipart/form-data" || (type === "application/json" && schema.type === "object" && schema.properties)) {
            const readers = [];
            for (const [name, sub] of Object.entries(schema.properties || {})) {
              const id = prefix + "-" + name;
              const field = input(name, sub, id);
              box.append(el("label", { for: id, text: name }), field.node);
              readers.push([name, field.read]);
            }
            if (type === "multipart/form-data") {
              return { box, body: () => {
                const data = new FormData();
                for (const [name, read] of readers) { const v = read(); if (v !== undefined) data.append(name, v); }
                return { body: data, headers: {} };
              } };
            }
            return { box, body: () => {
              const value = {};
              for (const [name, read] of readers) value[name] = read();
              return { body: JSON.stringify(value), headers: { "Content-Type": "application/json" } };
            } };
          }
          if (type === "application/json") {
            const area = el("textarea", { id: prefix, spellcheck: "false" });
            area.value = JSON.stringify(example(schema));
            box.append(el("label", { for: prefix, text: "JSON body" }), area);
            return { box, body: () => ({ body: area.value, headers: { "Content-Type": "application/json" } }) };
          }
          if (type.startsWith("text/")) {
            const area = el("textarea", { id: prefix });
            box.append(el("label", { for: prefix, text: "Text" }), area);
            return { box, body: () => ({ body: area.value, headers: { "Content-Type": type } }) };
          }
          const file = el("input", { type: "file", id: prefix, accept: types.filter((t) => t !== "*/*").join(",") });
          box.append(el("label", { for: prefix, text: "File (" + types.join(", ") + ")" }), file);
          return { box, body: () => {
            const f = file.files[0];
            if (!f) throw new Error("choose a file first");
            const sent = f.type || (type.includes("*") ? "application/octet-stream" : type);
            return { body: f, headers: { "Content-Type": sent } };
          } };
        };
        const show = async (result, response, started) => {
          const ms = (performance.now() - started).toFixed(1);
          const type = response.headers.get("Content-Type") || "";
          const meta = el("div", { class: "meta" },
            el("span", { class: response.ok ? "ok" : "bad", text: response.status + " " + response.statusText }),
            " · ", el("span", { class: "latency", text: ms + " ms" }),
            " · request id ", el("code", { text: response.headers.get("X-Request-ID") || "-" }));
          let body;
          if (type.startsWith("image/")) {
            body = el("img", { class: "output", src: URL.createObjectURL(await response.blob()), alt: "response" });
          } else {
            let text = await response.text();
            if (type.includes("json")) { try { text = JSON.stringify(JSON.parse(text), null, 2); } catch (e) {} }
            body = el("pre", { class: "output", text });
          }
          result.replaceChildren(meta, body);
          result.classList.add("shown");
        };
        const render = () => {
          const main = document.getElementById("apis");
          main.replaceChildren();
          document.getElementById("title").textContent = (docs.info && docs.info.title) || "SwiftBento";
          document.getElementById("version").textContent = docs.info ? "version " + docs.info.version : "";
          let count = 0;
          for (const [path, item] of Object.entries(docs.paths || {})) {
            const op = item.post;
            if (!op || !(op.tags || []).includes("Service APIs")) continue;
            count++;
            const name = op.operationId || path;
            const section = el("section", { class: "api", id: "api-" + name });
            section.append(el("h2", {}, el("code", { text: "POST " + path })), el("div", { class: "muted", text: op.summary || name }));
            const built = form(name, op);
            const button = el("button", { type: "button", class: "call", text: "Call " + name });
            const result = el("div", { class: "result", "aria-live": "polite" });
            button.addEventListener("click", async () => {
              button.disabled = true;
              const started = performance.now();
              try {
                const request = built.body();
                const response = await fetch(path, { method: "POST", headers: request.headers, body: request.body });
                await show(result, response, started);
              } catch (error) {
                result.replaceChildren(el("pre", { class: "output", text: "error: " + error.message }));
                result.classList.add("shown");
              } finally {
                button.disabled = false;
              }
            });
            section.append(built.box, button, result);
            main.append(section);
          }
          if (count === 0) main.append(el("p", { class: "muted", text: "This service has no APIs; see /v2/models for its models." }));
        };
        // A link such as /#try=add&a=2&b=3 fills the named fields of an API and calls it.
        const tryFromHash = () => {
          const params = new URLSearchParams(location.hash.slice(1));
          const api = params.get("try");
          if (!api) return;
          const section = document.getElementById("api-" + api);
          if (!section) return;
          for (const [name, value] of params) {
            if (name === "try") continue;
            const field = section.querySelector('[name="' + CSS.escape(name) + '"]') || (name === "body" ? section.querySelector("textarea") : null);
            if (field) field.value = value;
          }
          section.querySelector("button.call").click();
        };
        fetch("/docs.json")
          .then((r) => r.json())
          .then((d) => { docs = d; render(); tryFromHash(); })
          .catch((e) => { document.getElementById("status").textContent = "could not load /docs.json: " + e.message; });
        """#
}
