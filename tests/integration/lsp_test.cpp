// `docpipe lsp` through the binary: every error path of the protocol with its exact response,
// diagnostics as `docpipe run` finds them with columns in each position encoding, debounced and
// cancelled runs, a crashing or hanging plugin, docpipe.toml checks and the quick fixes.
#include <catch2/catch.hpp>
#include <thread>

#include "lsp_client.hpp"
#include "process.hpp"

using namespace docpipe::test;
using json = nlohmann::json;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

// Curly quotes, an em dash and an emoji (4 bytes, 2 UTF-16 units) before the statistic.
const std::string kClaimLine =
    "\xE2\x80\x9CQuotes\xE2\x80\x9D \xE2\x80\x94 and \xF0\x9F\x8E\x89 emoji. Unemployment fell by 12% in 2023.";

LspClient start(const std::vector<std::string>& more = {}) {
  std::vector<std::string> args = more;
  args.push_back("lsp");
  return LspClient(DOCPIPE_BIN, args);
}

json open_params(const std::string& uri, const std::string& language, const std::string& text, int version = 1) {
  return {{"textDocument", {{"uri", uri}, {"languageId", language}, {"version", version}, {"text", text}}}};
}

std::vector<std::string> codes(const json& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics["diagnostics"]) out.push_back(d.value("code", ""));
  std::sort(out.begin(), out.end());
  return out;
}

const json* find_code(const json& diagnostics, const std::string& code) {
  for (const auto& d : diagnostics["diagnostics"])
    if (d.value("code", "") == code) return &d;
  return nullptr;
}

json error_of(int id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

json null_error(int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", nullptr}, {"error", {{"code", code}, {"message", message}}}};
}

/// didChange params with one content change (a whole text, or a range and its text).
json change_params(const std::string& uri, int version, const json& change) {
  return {{"textDocument", {{"uri", uri}, {"version", version}}}, {"contentChanges", json::array({change})}};
}
json whole(const std::string& text) { return {{"text", text}}; }

std::string framed(const std::string& body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

TEST_CASE("lsp: requests before initialize get ServerNotInitialized, notifications are dropped") {
  LspClient c = start();
  c.notify("textDocument/didOpen", open_params("file:///tmp/x.md", "markdown", "Hello."));
  CHECK(c.request("textDocument/hover",
                  {{"textDocument", {{"uri", "file:///tmp/x.md"}}}, {"position", {{"line", 0}, {"character", 0}}}}) ==
        error_of(1, -32002, "Server not initialized"));
  CHECK(c.request("shutdown", nullptr) == error_of(2, -32002, "Server not initialized"));
  const json init = c.initialize();
  CHECK(init["id"] == 3);
  CHECK(init["result"]["capabilities"]["positionEncoding"] == "utf-16");
  CHECK(init["result"]["serverInfo"]["name"] == "docpipe");
  CHECK(c.request("initialize", {{"capabilities", json::object()}}) ==
        error_of(4, -32600, "Invalid Request: initialize was already received"));
}

TEST_CASE("lsp: malformed frames and invalid JSON get ParseError, and the server goes on") {
  LspClient c = start();
  c.initialize();
  c.send_raw(framed("{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": "));
  CHECK(c.next() == null_error(-32700, "Parse error: invalid JSON"));
  c.send_raw("Content-Type: application/vscode-jsonrpc\r\n\r\n");
  CHECK(c.next() == null_error(-32700, "Parse error: no Content-Length header"));
  c.send_raw("Content-Length: twelve\r\n\r\n");
  CHECK(c.next() == null_error(-32700, "Parse error: invalid Content-Length"));
  c.send_raw("this is no header\r\n\r\n");
  CHECK(c.next() == null_error(-32700, "Parse error: malformed header line"));
  // Still serving: a request after the garbage is answered.
  CHECK(c.request("shutdown", nullptr) == json({{"jsonrpc", "2.0"}, {"id", 2}, {"result", nullptr}}));
}

TEST_CASE("lsp: invalid requests and unknown methods") {
  LspClient c = start();
  c.initialize();
  c.send_raw(framed("[1, 2]"));
  CHECK(c.next() == null_error(-32600, "Invalid Request"));
  c.send(json{{"id", 7}, {"method", "shutdown"}});  // no "jsonrpc": "2.0"
  CHECK(c.next() == error_of(7, -32600, "Invalid Request"));
  c.send(json{{"jsonrpc", "2.0"}, {"id", 8}, {"method", 42}});
  CHECK(c.next() == error_of(8, -32600, "Invalid Request"));
  c.send(json{{"jsonrpc", "2.0"}, {"id", {{"not", "an id"}}}, {"method", "shutdown"}});
  CHECK(c.next() == null_error(-32600, "Invalid Request"));
  CHECK(c.request("docpipe/noSuchThing", json::object()) ==
        error_of(2, -32601, "Method not found: docpipe/noSuchThing"));
  CHECK(c.request("textDocument/hover", {{"textDocument", 3}}).at("error").at("code") == -32602);
  c.notify("docpipe/noSuchNotification", json::object());  // ignored, as the protocol says
  CHECK(c.request("shutdown", nullptr)["result"].is_null());
}

TEST_CASE("lsp: after shutdown requests get InvalidRequest, notifications are dropped, exit exits 0") {
  LspClient c = start();
  c.initialize();
  CHECK(c.request("shutdown", nullptr) == json({{"jsonrpc", "2.0"}, {"id", 2}, {"result", nullptr}}));
  c.notify("textDocument/didOpen", open_params("file:///tmp/x.md", "markdown", "Hello."));
  CHECK(c.request("textDocument/hover",
                  {{"textDocument", {{"uri", "file:///tmp/x.md"}}}, {"position", {{"line", 0}, {"character", 0}}}}) ==
        error_of(3, -32600, "Invalid Request: the server is shut down"));
  c.notify("exit", nullptr);
  CHECK(c.wait() == 0);
}

TEST_CASE("lsp: exit without shutdown exits 1, a closed stdin ends the server") {
  {
    LspClient c = start();
    c.initialize();
    c.notify("exit", nullptr);
    CHECK(c.wait() == 1);
  }
  {
    LspClient c = start();
    c.initialize();
    c.close_stdin();
    CHECK(c.wait(5s) == 1);
  }
}

TEST_CASE("lsp: diagnostics as run finds them, with columns in the negotiated position encoding") {
  TempDir tmp;
  const std::string text = "# Title\n" + kClaimLine + "\n\n" + long_sentence + "\n";
  write_file(tmp / "doc.md", text);
  const std::string uri = file_uri(tmp / "doc.md");
  struct Case {
    json offered;
    std::string chosen;
    int start, end;  // of "Unemployment fell by 12% in 2023." on line 1
  };
  for (const Case& k : {Case{nullptr, "utf-16", 25, 58}, Case{json{"utf-8", "utf-16"}, "utf-8", 33, 66},
                        Case{json{"utf-32"}, "utf-32", 24, 57}, Case{json{"utf-16", "utf-8"}, "utf-16", 25, 58}}) {
    INFO(k.chosen);
    LspClient c = start();
    json caps = json::object();
    if (!k.offered.is_null()) caps = {{"general", {{"positionEncodings", k.offered}}}};
    CHECK(c.initialize({{"capabilities", caps}})["result"]["capabilities"]["positionEncoding"] == k.chosen);
    c.notify("textDocument/didOpen", open_params(uri, "markdown", text));
    const auto d = c.diagnostics(uri, 1);
    REQUIRE(d);
    CHECK(codes(*d) == std::vector<std::string>{"claims/event", "claims/statistical", "readability/long-sentence"});
    const json* claim = find_code(*d, "claims/statistical");
    REQUIRE(claim);
    CHECK((*claim)["range"] ==
          json({{"start", {{"line", 1}, {"character", k.start}}}, {"end", {{"line", 1}, {"character", k.end}}}}));
    CHECK((*claim)["source"] == "docpipe");
    CHECK((*claim)["severity"] == 2);
    CHECK_THAT((*claim)["codeDescription"]["href"].get<std::string>(), Contains("docs/rules.md#claims"));
    const json* longs = find_code(*d, "readability/long-sentence");
    REQUIRE(longs);
    CHECK((*longs)["range"]["start"] == json({{"line", 3}, {"character", 0}}));
    CHECK((*longs)["range"]["end"] == json({{"line", 3}, {"character", long_sentence.size()}}));
  }
  // The same findings, at the same places, as `docpipe run` reports.
  const Result r = run_docpipe({"run", (tmp / "doc.md").string()}, tmp.path());
  CHECK_THAT(r.out, Contains("doc.md:2:25: warning:") && Contains("[claims/statistical]"));
  CHECK_THAT(r.out, Contains("doc.md:4:1: warning:") && Contains("[readability/long-sentence]"));
}

TEST_CASE("lsp: the reader follows the language id, suppression comments apply as in run") {
  TempDir tmp;
  LspClient c = start();
  c.initialize();
  // No extension: the language id picks the reader (Markdown: the heading is no sentence).
  const std::string uri = file_uri(tmp / "NOTES");
  c.notify("textDocument/didOpen",
           open_params(uri, "markdown", "<!-- docpipe-disable-next-line claims/statistical -->\n" + kClaimLine + "\n"));
  const auto d = c.diagnostics(uri, 1);
  REQUIRE(d);
  CHECK(codes(*d).empty());
  const std::string txt = file_uri(tmp / "notes.txt");
  c.notify("textDocument/didOpen", open_params(txt, "plaintext", "First line.\n" + kClaimLine + "\n"));
  const auto t = c.diagnostics(txt, 1);
  REQUIRE(t);
  CHECK(codes(*t) == std::vector<std::string>{"claims/statistical"});
}

TEST_CASE("lsp: edits are applied incrementally and debounced, only the last version is published") {
  TempDir tmp;
  LspClient c = start();
  c.initialize({{"initializationOptions", {{"debounce", 300}}}});
  const std::string uri = file_uri(tmp / "doc.md");
  c.notify("textDocument/didOpen", open_params(uri, "markdown", "# Title\n\nA plain line.\n"));
  REQUIRE(c.diagnostics(uri, 1));
  auto change = [&](int version, int line, int character, const std::string& text) {
    const json at = {{"line", line}, {"character", character}};
    c.notify("textDocument/didChange",
             change_params(uri, version, {{"range", {{"start", at}, {"end", at}}}, {"text", text}}));
  };
  const auto sent = std::chrono::steady_clock::now();
  change(2, 2, 0, kClaimLine + "\n");
  change(3, 3, 0, "\n" + long_sentence + "\n");
  const auto d = c.diagnostics(uri);
  const auto waited = std::chrono::steady_clock::now() - sent;
  REQUIRE(d);
  CHECK((*d)["version"] == 3);
  CHECK(waited >= 250ms);
  CHECK(codes(*d) == std::vector<std::string>{"claims/event", "claims/statistical", "readability/long-sentence"});
  const json* claim = find_code(*d, "claims/statistical");
  REQUIRE(claim);
  CHECK((*claim)["range"]["start"] == json({{"line", 2}, {"character", 25}}));
  // Save runs at once, debounce or not.
  c.notify("textDocument/didSave", {{"textDocument", {{"uri", uri}}}});
  CHECK(c.diagnostics(uri, 3, 250ms));
  c.notify("textDocument/didClose", {{"textDocument", {{"uri", uri}}}});
  const auto closed = c.diagnostics(uri);
  REQUIRE(closed);
  CHECK((*closed)["diagnostics"].empty());
}

TEST_CASE("lsp: a crashing or hanging plugin gives one stage-failed diagnostic, a stale run is cancelled") {
  TempDir tmp;
  write_file(tmp / "docpipe.toml",
             "[[analyzers]]\nplugin = \"segment\"\n\n[[analyzers]]\nplugin = \"hostile\"\n"
             "options = { action = \"segfault\" }\n\n[[analyzers]]\nplugin = \"claims\"\n");
  write_file(tmp / "loop" / "docpipe.toml", "[[analyzers]]\nplugin = \"hostile\"\noptions = { action = \"loop\" }\n");
  LspClient c = start({"--plugin-path", HOSTILE_PLUGIN_DIR});
  c.initialize({{"initializationOptions", {{"debounce", 0}}}});
  const std::string uri = file_uri(tmp / "doc.md");
  c.notify("textDocument/didOpen", open_params(uri, "markdown", "This one is HOSTILE to its host.\n"));
  const auto d = c.diagnostics(uri, 1);
  REQUIRE(d);
  REQUIRE((*d)["diagnostics"].size() == 1);
  const json& failed = (*d)["diagnostics"][0];
  CHECK(failed["message"] ==
        "stage 'hostile' failed: the worker process was killed by signal SIGSEGV (Segmentation fault)");
  CHECK(failed["severity"] == 1);
  CHECK(failed["range"]["start"] == json({{"line", 0}, {"character", 0}}));
  // The server goes on: the same buffer without the trigger word gives its findings.
  c.notify("textDocument/didChange", change_params(uri, 2, whole(kClaimLine + "\n")));
  const auto ok = c.diagnostics(uri, 2);
  REQUIRE(ok);
  CHECK(codes(*ok) == std::vector<std::string>{"claims/statistical"});

  // A plugin stuck in a loop: the next edit cancels the run (its worker is killed) at once,
  // long before the 60 s timeout.
  const std::string stuck = file_uri(tmp / "loop" / "doc.md");
  c.notify("textDocument/didOpen", open_params(stuck, "markdown", "HOSTILE\n"));
  std::this_thread::sleep_for(300ms);
  const auto sent = std::chrono::steady_clock::now();
  c.notify("textDocument/didChange", change_params(stuck, 2, whole("Calm now.\n")));
  const auto calm = c.diagnostics(stuck, 2, 10s);
  REQUIRE(calm);
  CHECK((*calm)["diagnostics"].empty());
  CHECK(std::chrono::steady_clock::now() - sent < 5s);
  CHECK(c.request("shutdown", nullptr)["result"].is_null());
}

TEST_CASE("lsp: an invalid docpipe.toml gets diagnostics at line:column, fixing it reruns open files") {
  TempDir tmp;
  const std::string bad = "[[analyzers]]\nplugin = \"segment\"\n\n[[analyzers]]\nplugin = \"readabilty\"\n";
  write_file(tmp / "docpipe.toml", bad);
  LspClient c = start();
  c.initialize({{"initializationOptions", {{"debounce", 0}}}});
  const std::string doc = file_uri(tmp / "doc.md");
  c.notify("textDocument/didOpen", open_params(doc, "markdown", long_sentence + "\n"));
  const auto d = c.diagnostics(doc, 1);
  REQUIRE(d);
  REQUIRE((*d)["diagnostics"].size() == 1);
  CHECK_THAT((*d)["diagnostics"][0]["message"].get<std::string>(), Contains("is invalid") && Contains("readabilty"));

  const std::string toml = file_uri(tmp / "docpipe.toml");
  c.notify("textDocument/didOpen", open_params(toml, "toml", bad));
  const auto t = c.diagnostics(toml, 1);
  REQUIRE(t);
  REQUIRE((*t)["diagnostics"].size() == 1);
  const json& e = (*t)["diagnostics"][0];
  CHECK(e["message"] ==
        "unknown analyzer 'readabilty'; did you mean 'readability'? (available: boilerplate, claims, "
        "readability, segment, stats)");
  CHECK(e["range"]["start"] == json({{"line", 4}, {"character", 9}}));
  CHECK(e["severity"] == 1);
  // A TOML syntax error, too, at its place.
  c.notify("textDocument/didChange", change_params(toml, 2, whole("inputs = [\n[[analyzers]]\n")));
  const auto syntax = c.diagnostics(toml, 2);
  REQUIRE(syntax);
  REQUIRE(c.diagnostics(doc, 1));  // the open document hears that its pipeline is broken
  REQUIRE((*syntax)["diagnostics"].size() == 1);
  CHECK((*syntax)["diagnostics"][0]["range"]["start"] == json({{"line", 1}, {"character", 2}}));
  // Fixed in the buffer: the toml is clean and the open document runs with the new pipeline.
  c.notify("textDocument/didChange",
           change_params(toml, 3,
                         whole("[[analyzers]]\nplugin = \"segment\"\n\n[[analyzers]]\nplugin = \"readability\"\n")));
  const auto clean = c.diagnostics(toml, 3);
  REQUIRE(clean);
  CHECK((*clean)["diagnostics"].empty());
  // Each pipeline change republished the document (invalid twice); the last run has the finding.
  std::optional<json> rerun;
  for (int i = 0; i < 4 && (!rerun || codes(*rerun) != std::vector<std::string>{"readability/long-sentence"}); ++i)
    rerun = c.diagnostics(doc, 1, 5s);
  REQUIRE(rerun);
  CHECK(codes(*rerun) == std::vector<std::string>{"readability/long-sentence"});
  // Completion and hover from the plugins' schemas.
  const json items = c.request("textDocument/completion",
                               {{"textDocument", {{"uri", toml}}}, {"position", {{"line", 4}, {"character", 10}}}});
  bool claims = false;
  for (const auto& i : items["result"]) claims = claims || i["label"] == "claims";
  CHECK(claims);
  const json hover = c.request("textDocument/hover",
                               {{"textDocument", {{"uri", toml}}}, {"position", {{"line", 4}, {"character", 12}}}});
  CHECK_THAT(hover["result"]["contents"]["value"].get<std::string>(), Contains("**readability** (analyzer"));
}

TEST_CASE("lsp: hover explains a finding, code actions disable it on the line, in the project, or baseline it") {
  TempDir tmp;
  write_file(tmp / "docpipe.toml",
             "inputs = [\".\"]\n\n[[analyzers]]\nplugin = \"segment\"\n\n[[analyzers]]\nplugin = \"readability\"\n");
  LspClient c = start();
  c.initialize({{"initializationOptions", {{"debounce", 0}}}});
  const std::string uri = file_uri(tmp / "doc.md");
  const std::string text = "# Title\n\n" + long_sentence + "\n";
  write_file(tmp / "doc.md", text);
  c.notify("textDocument/didOpen", open_params(uri, "markdown", text));
  const auto d = c.diagnostics(uri, 1);
  REQUIRE(d);
  REQUIRE(codes(*d) == std::vector<std::string>{"readability/long-sentence"});
  const json range = (*d)["diagnostics"][0]["range"];
  const json hover = c.request("textDocument/hover",
                               {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 2}, {"character", 5}}}});
  const std::string h = hover["result"]["contents"]["value"];
  CHECK_THAT(h, Contains("readability/long-sentence") && Contains("- words: 47") && Contains("- grade: ") &&
                    Contains("- syllables: "));
  const json actions =
      c.request("textDocument/codeAction",
                {{"textDocument", {{"uri", uri}}}, {"range", range}, {"context", {{"diagnostics", json::array()}}}});
  REQUIRE(actions["result"].size() == 3);
  const json& line = actions["result"][0];
  CHECK(line["title"] == "Disable readability/long-sentence on this line");
  CHECK(line["edit"]["changes"][uri] ==
        json::array({{{"range", {{"start", {{"line", 2}, {"character", 0}}}, {"end", {{"line", 2}, {"character", 0}}}}},
                      {"newText", "<!-- docpipe-disable-next-line readability/long-sentence -->\n"}}}));
  const json& project = actions["result"][1];
  CHECK(project["edit"]["changes"][file_uri(tmp / "docpipe.toml")][0]["newText"] ==
        "\n[rules]\n\"readability/long-sentence\" = \"off\"\n");
  // The first edit applied as a client would: the finding is gone.
  const json& edit = line["edit"]["changes"][uri][0];
  c.notify("textDocument/didChange", change_params(uri, 2, {{"range", edit["range"]}, {"text", edit["newText"]}}));
  const auto after = c.diagnostics(uri, 2);
  REQUIRE(after);
  CHECK((*after)["diagnostics"].empty());
  // Back as it was; then baselined: the finding is written to docpipe-baseline.json and gone.
  c.notify("textDocument/didChange", change_params(uri, 3, whole(text)));
  REQUIRE(c.diagnostics(uri, 3));
  const json& baseline = actions["result"][2];
  CHECK(baseline["command"]["command"] == "docpipe.addToBaseline");
  CHECK(c.request("workspace/executeCommand", {{"command", baseline["command"]["command"]},
                                               {"arguments", baseline["command"]["arguments"]}})["result"]
            .is_null());
  const auto baselined = c.diagnostics(uri, 3);
  REQUIRE(baselined);
  CHECK((*baselined)["diagnostics"].empty());
  CHECK_THAT(read_file(tmp / "docpipe-baseline.json"), Contains("readability/long-sentence"));
  // `docpipe run --baseline` agrees: the entry matches the document as run names it.
  const Result r = run_docpipe({"run", "--baseline", "docpipe-baseline.json", "--format", "json"}, tmp.path());
  CHECK_THAT(r.err, Contains("1 finding baselined"));
}
