#include "html_exporter.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "docpipe/error.hpp"
#include "docpipe/text.hpp"
#include "document_json.hpp"
#include "output_file.hpp"

namespace docpipe::plugins {

namespace {

constexpr std::string_view kDefaultFile = "report.html";

// Colour is never the only cue: severity has its own icon and underline style, the category is
// written out in a label, and both are in the mark's title and aria-describedby text.
constexpr std::string_view kStyle = R"css(
:root{--fg:#1d1d1f;--muted:#5f6368;--bg:#fff;--panel:#f4f5f7;--line:#d0d4da;--accent:#0b57d0}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,main{max-width:72rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem}
h1{font-size:1.6rem;margin:.5rem 0}
h2{font-size:1.3rem;margin:1.5rem 0 .5rem;border-bottom:1px solid var(--line)}
h3{font-size:1.1rem;margin:1rem 0 .5rem}
a{color:var(--accent)}
a:focus,button:focus,mark:focus,input:focus{outline:3px solid #e8710a;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
.facts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;padding:0;list-style:none;color:var(--muted)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}
figure{margin:0;background:var(--panel);border-radius:.5rem;padding:.75rem}
figcaption{font-weight:600;margin-bottom:.5rem}
svg text{font:12px system-ui,sans-serif;fill:var(--fg)}
svg .bar{fill:#4c7bd9}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button::after{content:" \25B2"}th[aria-sort=descending] button::after{content:" \25BC"}
.filter{margin:.5rem 0;display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
.filter input{font:inherit;padding:.3rem .5rem;min-width:16rem;max-width:100%}
.status-failed{color:#b3261e;font-weight:600}
.doc{border-top:2px solid var(--line);margin-top:2rem}
.meta{color:var(--muted);font-size:.9rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--panel);padding:1rem;border-radius:.5rem;line-height:1.7}
.boilerplate{color:#8a8f98;background:repeating-linear-gradient(135deg,transparent 0 6px,#e6e8eb 6px 7px)}
mark{--hue:210;background:hsla(var(--hue),85%,75%,.45);color:inherit;border-bottom:2px solid hsl(var(--hue),70%,35%);padding:0 1px;position:relative;cursor:help}
mark.sev-error{border-bottom-style:double;border-bottom-width:4px}
mark.sev-info{border-bottom-style:dotted}
mark::before{content:attr(data-label);font-size:.7em;font-weight:600;vertical-align:super;margin-right:2px;color:hsl(var(--hue),70%,25%)}
mark.point::after{content:"\25C6"}
mark:hover>.tip,mark:focus>.tip{display:block}
.tip{display:none;position:absolute;left:0;top:100%;z-index:2;min-width:14rem;max-width:24rem;background:#202124;color:#fff;padding:.4rem .6rem;border-radius:.3rem;font-size:.85rem;white-space:normal;line-height:1.4}
body:not(.show-quiet) mark.quiet,mark.filtered{background:transparent;border-bottom-color:transparent;cursor:text}
body:not(.show-quiet) mark.quiet::before,mark.filtered::before,body:not(.show-quiet) mark.quiet.point::after,mark.filtered.point::after{content:none}
body:not(.show-quiet) mark.quiet>.tip,mark.filtered>.tip{display:none!important}
.findings li{margin:.2rem 0}
.finding-filter{background:var(--panel);border-radius:.5rem;padding:.5rem .75rem;margin:.5rem 0}
.finding-filter fieldset{border:0;margin:0 0 .4rem;padding:0;display:flex;flex-wrap:wrap;gap:.2rem 1rem}
.finding-filter legend{font-weight:600;padding:0;margin-right:.5rem;float:left}
.finding-filter label{white-space:nowrap}
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:.2em;vertical-align:-.1em;background:hsla(var(--hue),85%,75%,.8);border:2px solid hsl(var(--hue),70%,35%)}
.rule-group summary{font-weight:600;cursor:pointer;margin:.4rem 0}
.rule-group ol{margin:.2rem 0 .8rem}
.sentence{margin:.15rem 0 .35rem;padding:.1rem .6rem;border-left:3px solid var(--line);color:#3c4043}
.sentence b{font-weight:600;background:#fff3c4}
.sev{font-weight:600}
.diag{color:#b3261e}
@media (max-width:40rem){body{font-size:15px}.filter input{min-width:0;width:100%}td.hide-narrow,th.hide-narrow{display:none}}
@media print{.filter,.skip{display:none}.tip{display:none!important}}
)css";

// Sorting and filtering of the documents table. Runs once at load; marks the page ready so tests
// can tell the script ran without throwing.
constexpr std::string_view kScript = R"js(
(function () {
  "use strict";
  var table = document.getElementById("doc-table");
  var filter = document.getElementById("doc-filter");
  var count = document.getElementById("doc-count");
  if (table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var update = function () {
      var q = filter.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (r) {
        var hit = q === "" || r.textContent.toLowerCase().indexOf(q) !== -1;
        r.hidden = !hit;
        if (hit) shown++;
      });
      count.textContent = shown + " of " + rows.length + " documents shown";
    };
    filter.addEventListener("input", update);
    var key = function (cell) {
      return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    };
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var numeric = th.classList.contains("num");
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          var c;
          if (numeric) {
            // Missing values ("" or a dash) sort below every number; never subtract infinities.
            var nx = parseFloat(x), ny = parseFloat(y);
            if (isNaN(nx)) nx = -Infinity;
            if (isNaN(ny)) ny = -Infinity;
            c = nx === ny ? 0 : (nx < ny ? -1 : 1);
          } else {
            c = x.localeCompare(y);
          }
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    update();
  }
  // The findings filter: unticked rules and severities leave the lists and lose their highlights;
  // the quiet toggle shows the highlights of the stages that are plain by default (readability).
  var form = document.getElementById("finding-filter");
  if (form) {
    var all = Array.prototype.slice.call(document.querySelectorAll("[data-rule][data-severity]"));
    var quiet = document.getElementById("show-quiet");
    var status = document.getElementById("finding-count");
    var boxes = function (name) {
      var on = {};
      Array.prototype.forEach.call(form.querySelectorAll("input[name=" + name + "]"), function (i) {
        on[i.value] = i.checked;
      });
      return on;
    };
    var apply = function () {
      var rules = boxes("rule"), severities = boxes("severity");
      var showQuiet = !!(quiet && quiet.checked);
      document.body.classList.toggle("show-quiet", showQuiet);
      var shown = 0, total = 0;
      all.forEach(function (el) {
        var on = rules[el.getAttribute("data-rule")] !== false && severities[el.getAttribute("data-severity")] !== false;
        if (el.tagName === "MARK") {
          el.classList.toggle("filtered", !on);
          el.tabIndex = on && (showQuiet || !el.classList.contains("quiet")) ? 0 : -1;
          return;
        }
        el.hidden = !on;
        if (el.classList.contains("group-item")) {
          total++;
          if (on) shown++;
        }
      });
      Array.prototype.forEach.call(document.querySelectorAll(".rule-group"), function (g) {
        var n = g.querySelectorAll("li.group-item:not([hidden])").length;
        g.hidden = n === 0;
        var c = g.querySelector(".group-count");
        if (c) c.textContent = n + (n === 1 ? " finding" : " findings");
      });
      if (status) status.textContent = shown + " of " + total + " findings shown";
    };
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }
  document.documentElement.setAttribute("data-ready", "1");
})();
)js";

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// Finds a flattened metric ("stage.name.sub") and returns it when numeric.
std::optional<double> numeric_metric(const std::vector<FlatMetric>& metrics, std::string_view full) {
  for (const FlatMetric& m : metrics) {
    const std::string name = m.name.empty() ? m.stage : m.stage + "." + m.name;
    if (name == full && m.value->is_number()) {
      const double v = m.value->as_double();
      if (std::isfinite(v)) return v;
    }
  }
  return std::nullopt;
}

// A stable hue per category, so the same category has the same colour across documents.
int category_hue(std::string_view category) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : category) h = (h ^ c) * 16777619u;
  return static_cast<int>(h % 360);
}

std::string_view severity_icon(Severity s) {
  switch (s) {
    case Severity::error:
      return "\u2716";  // heavy multiplication x
    case Severity::warning:
      return "\u26A0";  // warning sign
    case Severity::info:
      break;
  }
  return "\u2139";  // information source
}

std::string doc_anchor(std::size_t index) {
  std::string s = "doc-";
  s += std::to_string(index + 1);
  return s;
}

// A horizontal bar chart of one metric over documents (the chart_limit largest), or a note.
std::string bar_chart(const std::string& caption, const std::vector<std::pair<std::size_t, double>>& values,
                      const std::vector<std::string>& labels, std::size_t limit, const std::string& metric) {
  std::string out = "<figure><figcaption>" + html_escape(caption) + "</figcaption>";
  if (values.empty()) {
    return out + "<p class=\"meta\">No document has the metric <code>" + html_escape(metric) +
           "</code> in this run.</p></figure>";
  }
  std::vector<std::pair<std::size_t, double>> shown = values;
  std::stable_sort(shown.begin(), shown.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (shown.size() > limit) shown.resize(limit);
  double max = 0;
  for (const auto& v : shown) max = std::max(max, v.second);
  if (max <= 0) max = 1;
  const int row = 22, label_w = 170, bar_w = 190, width = label_w + bar_w + 60;
  const int height = static_cast<int>(shown.size()) * row + 4;
  out += "<svg role=\"img\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
         "\" width=\"100%\" aria-label=\"" + html_escape(caption) + "\">";
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const int y = static_cast<int>(i) * row + 2;
    const double v = shown[i].second;
    const int w = std::max(1, static_cast<int>(std::lround(std::max(0.0, v) / max * bar_w)));
    // The file name says most in little room; the full id is in the bar's <title>.
    std::string label = labels[shown[i].first].substr(labels[shown[i].first].rfind('/') + 1);
    if (label.size() > 24) {
      // Cut on a character boundary so long non-ASCII names stay valid UTF-8.
      std::size_t pos = 0, keep = 0;
      while (pos < label.size() && pos <= 21) {
        keep = pos;
        utf8_next(label, pos);
      }
      label = label.substr(0, keep) + "\u2026";
    }
    out += "<g><title>" + html_escape(labels[shown[i].first] + ": " + number_text(v)) + "</title>";
    out += "<text x=\"" + std::to_string(label_w - 6) + "\" y=\"" + std::to_string(y + 15) +
           "\" text-anchor=\"end\">" + html_escape(label) + "</text>";
    out += "<rect class=\"bar\" x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 3) + "\" width=\"" +
           std::to_string(w) + "\" height=\"" + std::to_string(row - 6) + "\"/>";
    out += "<text x=\"" + std::to_string(label_w + w + 4) + "\" y=\"" + std::to_string(y + 15) + "\">" +
           number_text(v) + "</text></g>";
  }
  out += "</svg>";
  if (values.size() > shown.size())
    out += "<p class=\"meta\">The " + std::to_string(shown.size()) + " highest of " + std::to_string(values.size()) +
           " documents.</p>";
  return out + "</figure>";
}

std::string optional_cell(const std::optional<double>& v, std::string_view extra_class = {}) {
  std::string cell = "<td class=\"num";
  cell += extra_class;
  if (!v) return cell + "\" data-sort=\"\">\u2013</td>";
  return cell + "\" data-sort=\"" + number_text(*v) + "\">" + number_text(*v) + "</td>";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string highlight_text(const Document& doc, std::string_view id_prefix, const std::vector<std::string>& quiet_stages,
                           const RuleHue& hue) {
  struct Element {
    Span span;
    const Finding* finding;  // nullptr for boilerplate
    std::size_t index;
    std::string close;  // markup that ends the element, set when it is opened
  };
  const std::uint64_t size = doc.text.size();
  auto clip = [size](Span s) {
    const std::uint64_t b = std::min(s.begin, size);
    return Span{b, std::clamp(s.end, b, size)};
  };
  std::vector<Element> elements;
  for (const Annotation* a : doc.annotations_of(annotation::boilerplate))
    if (!a->span.empty()) elements.push_back({clip(a->span), nullptr, 0, {}});
  for (std::size_t i = 0; i < doc.findings.size(); ++i) elements.push_back({clip(doc.findings[i].span), &doc.findings[i], i, {}});
  // Outer elements first: earlier start, then longer; boilerplate encloses findings on a tie.
  std::stable_sort(elements.begin(), elements.end(), [](const Element& a, const Element& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    if (a.span.end != b.span.end) return a.span.end > b.span.end;
    return a.finding == nullptr && b.finding != nullptr;
  });

  std::string out;
  std::uint64_t cursor = 0;
  auto emit_to = [&](std::uint64_t to) {
    if (to <= cursor) return;
    std::string clean;
    utf8_sanitize(std::string_view(doc.text).substr(cursor, to - cursor), clean);
    out += html_escape(clean);
    cursor = to;
  };
  std::vector<Element> stack;
  auto close_top = [&] {
    emit_to(stack.back().span.end);
    out += stack.back().close;
    stack.pop_back();
  };
  for (Element& e : elements) {
    while (!stack.empty() && stack.back().span.end <= e.span.begin) close_top();
    emit_to(e.span.begin);
    if (!stack.empty()) e.span.end = std::min(e.span.end, stack.back().span.end);
    if (e.finding == nullptr) {
      out += "<span class=\"boilerplate\" title=\"boilerplate\">";
      e.close = "</span>";
    } else {
      const Finding& f = *e.finding;
      const std::string rule = f.stage + "/" + f.category;
      const std::string id = std::string(id_prefix) + "-f" + std::to_string(e.index);
      std::string tip = std::string(to_string(f.severity)) + " \u00B7 " + rule + ": " + f.message;
      if (const Value* ev = f.data.find("evidence"))
        tip += " \u2014 evidence: " + (ev->is_string() ? ev->as_string() : value_text(*ev));
      const bool quiet = std::find(quiet_stages.begin(), quiet_stages.end(), f.stage) != quiet_stages.end();
      out += "<mark id=\"" + id + "\" class=\"finding sev-" + std::string(to_string(f.severity)) +
             (e.span.empty() ? " point" : "") + (quiet ? " quiet" : "") + "\" data-rule=\"" + html_escape(rule) +
             "\" data-category=\"" + html_escape(rule) + "\" data-severity=\"" + std::string(to_string(f.severity)) +
             "\" data-label=\"" + std::string(severity_icon(f.severity)) + " " + html_escape(f.category) +
             "\" style=\"--hue:" + std::to_string(hue ? hue(rule) : category_hue(rule)) + "\" tabindex=\"" +
             (quiet ? "-1" : "0") + "\" title=\"" + html_escape(tip) + "\" aria-describedby=\"" + id + "-tip\">";
      // The tooltip shows on hover and on keyboard focus; title alone does neither for keyboards.
      e.close = "<span class=\"tip\" role=\"tooltip\" id=\"" + id + "-tip\">" + html_escape(tip) + "</span></mark>";
    }
    stack.push_back(e);
  }
  while (!stack.empty()) close_top();
  emit_to(size);
  return out;
}

std::string finding_sentence_html(const Document& doc, const std::vector<Span>& sentences, Span span) {
  const std::uint64_t size = doc.text.size();
  const std::uint64_t fb = std::min(span.begin, size), fe = std::clamp(span.end, fb, size);
  if (fb == fe) return {};
  Span context{fb, fe};
  // The last sentence starting at or before the finding; it holds the finding when it ends after.
  auto it = std::upper_bound(sentences.begin(), sentences.end(), fb,
                             [](std::uint64_t at, const Span& s) { return at < s.begin; });
  if (it != sentences.begin() && std::prev(it)->end > fb) {
    const Span sentence = *std::prev(it);
    context = {std::min(sentence.begin, fb), std::min(std::max(sentence.end, fe), size)};
  }
  // Before the finding: at most 200 bytes, cut at its start on a character boundary.
  std::uint64_t pre = context.begin;
  if (fb - pre > 200) {
    pre = fb - 200;
    while (pre < fb && (static_cast<unsigned char>(doc.text[pre]) & 0xC0) == 0x80) ++pre;
  }
  std::string out = "<blockquote class=\"sentence\">";
  if (pre > context.begin) out += "\u2026";
  const bool whole = context.begin == fb && context.end == fe;
  out += html_escape(excerpt(doc, {pre, fb}, 200));
  if (!whole) out += "<b>";
  out += html_escape(excerpt(doc, {fb, fe}, 400));
  if (!whole) out += "</b>" + html_escape(excerpt(doc, {fe, context.end}, 200));
  return out + "</blockquote>";
}

namespace {
std::vector<std::string> string_list_option(const Options& o, std::string_view name, std::vector<std::string> fallback) {
  if (!o.has(name) || !o.get(name).is_array()) return fallback;
  std::vector<std::string> out;
  for (const Value& v : o.get(name).as_array())
    if (v.is_string()) out.push_back(v.as_string());
  return out;
}
}  // namespace

std::vector<OptionSpec> HtmlExporter::option_specs() {
  auto str = [](std::string name, std::string def, std::string description, StringCheck check) {
    return OptionSpec{.name = std::move(name),
                      .type = OptionType::string,
                      .default_value = std::move(def),
                      .required = false,
                      .description = std::move(description),
                      .choices = {},
                      .check = check};
  };
  auto integer = [](std::string name, int def, std::string description, double min, double max) {
    return OptionSpec{.name = std::move(name),
                      .type = OptionType::integer,
                      .default_value = def,
                      .required = false,
                      .description = std::move(description),
                      .choices = {},
                      .minimum = min,
                      .maximum = max};
  };
  return {output_file_option(std::string(kDefaultFile)),
          str("title", "docpipe report", "Title of the page", StringCheck::any),
          str("grade_metric", "readability.document.flesch_kincaid_grade",
              "Metric charted as the reading grade (stage.metric, nested names with dots)", StringCheck::non_empty),
          str("density_metric", "claims.claims_per_1000_words", "Metric charted as the claim density",
              StringCheck::non_empty),
          integer("chart_limit", 40, "Most documents shown in each chart (the highest values)", 1, 100000),
          integer("max_text_bytes", 1 << 20,
                  "Documents with longer text show their findings as a list only, without the text", 0, 1 << 30),
          {.name = "unhighlighted_stages",
           .type = OptionType::string_list,
           .default_value = Array{Value("readability")},
           .required = false,
           .description = "Stages whose highlights are off by default, shown by the page's toggle (readability's "
                          "sentence-long spans would colour whole paragraphs); [] highlights every stage",
           .choices = {}}};
}

HtmlExporter::HtmlExporter(const StageContext& ctx)
    : file_(output_file_name(ctx.options, kDefaultFile)),
      title_(string_option(ctx.options, "title", "docpipe report")),
      grade_metric_(string_option(ctx.options, "grade_metric", "readability.document.flesch_kincaid_grade")),
      density_metric_(string_option(ctx.options, "density_metric", "claims.claims_per_1000_words")),
      chart_limit_(std::max<std::size_t>(1, size_option(ctx.options, "chart_limit", 40))),
      max_text_bytes_(size_option(ctx.options, "max_text_bytes", 1u << 20)),
      unhighlighted_stages_(string_list_option(ctx.options, "unhighlighted_stages", {"readability"})) {}

void HtmlExporter::begin(const RunInfo& run) {
  out_.reset();
  out_ = open_output(run, file_);
  sections_ = std::make_unique<SpillFile>();
  groups_ = std::make_unique<SpillFile>();
  run_ = run;
  rows_.clear();
  rules_.clear();
}

// Rules are coloured in the order they first occur, a golden angle apart, so the first rules of a
// run never share a hue (a hash of the id often puts two of them side by side).
namespace {
int hue_of(std::size_t order) { return static_cast<int>(std::lround(210 + 137.508 * static_cast<double>(order)) % 360); }
}  // namespace

int HtmlExporter::rule_hue(const std::string& rule) {
  return hue_of(rules_.try_emplace(rule, RuleRow{rules_.size(), {0, 0, 0}}).first->second.order);
}

// The findings section: a filter by rule and by severity (and the toggle of the quiet stages'
// highlights), a count table, then one group per rule, most findings first (ties by id), each finding with its
// document, place, message and sentence.
void HtmlExporter::write_rule_groups() {
  std::vector<std::pair<std::string, RuleRow>> order(rules_.begin(), rules_.end());
  const auto total = [](const RuleRow& r) { return r.counts[0] + r.counts[1] + r.counts[2]; };
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) { return total(a.second) > total(b.second); });
  const auto quiet = [&](const std::string& rule) {
    return std::find(unhighlighted_stages_.begin(), unhighlighted_stages_.end(), rule.substr(0, rule.find('/'))) !=
           unhighlighted_stages_.end();
  };
  const auto swatch = [](std::size_t order_seen) {
    return "<span class=\"swatch\" style=\"--hue:" + std::to_string(hue_of(order_seen)) + "\" aria-hidden=\"true\"></span>";
  };
  std::string s = "<section id=\"findings\" aria-labelledby=\"findings-h\">\n<h2 id=\"findings-h\">Findings by rule</h2>\n";
  if (order.empty()) {
    out_->write(s + "<p class=\"meta\">No findings in this run.</p>\n</section>\n");
    return;
  }
  std::uint64_t by_severity[3] = {0, 0, 0};
  for (const auto& [rule, row] : order)
    for (int k = 0; k < 3; ++k) by_severity[k] += row.counts[k];
  s += "<form class=\"finding-filter\" id=\"finding-filter\" autocomplete=\"off\" aria-label=\"Filter the findings\">"
       "<fieldset><legend>Rule</legend>";
  for (const auto& [rule, row] : order)
    s += "<label><input type=\"checkbox\" name=\"rule\" value=\"" + html_escape(rule) + "\" checked> " +
         swatch(row.order) + " <code>" + html_escape(rule) + "</code> (" + std::to_string(total(row)) + ")</label>";
  s += "</fieldset><fieldset><legend>Severity</legend>";
  for (const Severity sev : {Severity::error, Severity::warning, Severity::info}) {
    const std::string name(to_string(sev));
    s += "<label><input type=\"checkbox\" name=\"severity\" value=\"" + name + "\" checked> " +
         std::string(severity_icon(sev)) + " " + name + " (" + std::to_string(by_severity[severity_rank(sev)]) +
         ")</label>";
  }
  s += "</fieldset>";
  if (std::any_of(order.begin(), order.end(), [&](const auto& r) { return quiet(r.first); })) {
    std::string stages;
    for (const std::string& st : unhighlighted_stages_) stages += (stages.empty() ? "" : ", ") + st;
    s += "<label><input type=\"checkbox\" id=\"show-quiet\"> Highlight the findings of " + html_escape(stages) +
         " in the texts (off by default: their sentence-long spans would colour whole paragraphs)</label>";
  }
  s += "<p id=\"finding-count\" class=\"meta\" role=\"status\"></p></form>\n<div class=\"table-wrap\"><table "
       "class=\"rule-summary\"><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\" class=\"num\">Errors</th><th "
       "scope=\"col\" class=\"num\">Warnings</th><th scope=\"col\" class=\"num\">Info</th><th scope=\"col\" "
       "class=\"num\">Total</th></tr></thead><tbody>";
  for (std::size_t i = 0; i < order.size(); ++i) {
    const RuleRow& row = order[i].second;
    s += "<tr><td>" + swatch(row.order) + " <a href=\"#rule-" + std::to_string(i + 1) + "\"><code>" +
         html_escape(order[i].first) + "</code></a></td>";
    for (int k = 2; k >= 0; --k) s += "<td class=\"num\">" + std::to_string(row.counts[k]) + "</td>";
    s += "<td class=\"num\">" + std::to_string(total(row)) + "</td></tr>";
  }
  s += "</tbody></table></div>\n";
  out_->write(s);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& [rule, row] = order[i];
    const std::uint64_t n = total(row);
    out_->write("<details class=\"rule-group\" id=\"rule-" + std::to_string(i + 1) + "\" data-group=\"" +
                html_escape(rule) + "\"" + (quiet(rule) ? "" : " open") + "><summary>" + swatch(row.order) + " <code>" +
                html_escape(rule) + "</code> <span class=\"group-count\">" + std::to_string(n) +
                (n == 1 ? " finding" : " findings") + "</span></summary><ol class=\"findings\">\n");
    const std::string prefix = rule + "\t";
    groups_->for_each_line([&](std::string_view line) {
      if (line.substr(0, prefix.size()) == prefix) {
        out_->write(line.substr(prefix.size()));
        out_->write("\n");
      }
    });
    out_->write("</ol></details>\n");
  }
  out_->write("</section>\n");
}

void HtmlExporter::write(const Document& doc) {
  if (!sections_) throw Error("html_report exporter: write() called before begin() or after finish()");
  const std::size_t index = rows_.size();
  const std::string anchor = doc_anchor(index);
  const auto metrics = flatten_metrics(doc.metrics);
  Row row{doc.id, document_title(doc), doc.failed, {0, 0, 0}, numeric_metric(metrics, "stats.words"),
          numeric_metric(metrics, grade_metric_), numeric_metric(metrics, density_metric_)};
  for (const Finding& f : doc.findings) ++row.counts[severity_rank(f.severity)];

  std::string s = "<section class=\"doc\" id=\"" + anchor + "\" aria-labelledby=\"" + anchor + "-h\">\n";
  s += "<h3 id=\"" + anchor + "-h\">" + html_escape(doc.id) + "</h3>\n";
  s += "<p class=\"meta\">";
  if (!row.title.empty()) s += "<strong>" + html_escape(row.title) + "</strong> \u00B7 ";
  s += html_escape(doc.source_uri) + " \u00B7 " + html_escape(doc.media_type) + " \u00B7 " +
       (doc.failed ? "<span class=\"status-failed\">failed</span>" : std::string("ok")) +
       " \u00B7 <a href=\"#overview\">back to overview</a></p>\n";
  if (!doc.diagnostics.empty()) {
    s += "<ul class=\"diag\">";
    for (const Diagnostic& d : doc.diagnostics)
      s += "<li><span class=\"sev\">" + std::string(to_string(d.severity)) + "</span> (" + html_escape(d.stage) +
           "): " + html_escape(d.message) + "</li>";
    s += "</ul>\n";
  }
  if (!metrics.empty()) {
    s += "<details><summary>Metrics (" + std::to_string(metrics.size()) +
         ")</summary><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Stage</th><th "
         "scope=\"col\">Metric</th><th scope=\"col\" class=\"num\">Value</th></tr></thead><tbody>";
    for (const FlatMetric& m : metrics)
      s += "<tr><td>" + html_escape(m.stage) + "</td><td>" + html_escape(m.name) + "</td><td class=\"num\">" +
           html_escape(value_text(*m.value)) + "</td></tr>";
    s += "</tbody></table></div></details>\n";
  }
  const bool show_text = doc.text.size() <= max_text_bytes_;
  if (!doc.findings.empty()) {
    std::vector<Span> sentences;
    for (const Annotation* a : doc.annotations_of(annotation::sentence)) sentences.push_back(a->span);
    std::stable_sort(sentences.begin(), sentences.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
    s += "<h4>Findings (" + std::to_string(doc.findings.size()) + ")</h4><ol class=\"findings\">";
    for (std::size_t i = 0; i < doc.findings.size(); ++i) {
      const Finding& f = doc.findings[i];
      const std::string rule = f.stage + "/" + f.category;
      const std::string severity(to_string(f.severity));
      ++rules_.try_emplace(rule, RuleRow{rules_.size(), {0, 0, 0}}).first->second.counts[severity_rank(f.severity)];
      const std::string where = location_text(doc, f);
      const std::string link = show_text ? "#" + anchor + "-f" + std::to_string(i) : "#" + anchor;
      const std::string attrs = "\" data-rule=\"" + html_escape(rule) + "\" data-severity=\"" + severity + "\">";
      const std::string badge = "<span class=\"sev\">" + std::string(severity_icon(f.severity)) + " " + severity +
                                "</span> ";
      const std::string message = html_escape(f.message);
      const std::string sentence = finding_sentence_html(doc, sentences, f.span);
      s += "<li class=\"doc-item" + attrs + badge +
           (show_text ? "<a href=\"" + link + "\">" + html_escape(where) + "</a>" : html_escape(where)) + " <code>" +
           html_escape(rule) + "</code> " + message + sentence + "</li>";
      std::string item = "<li class=\"group-item" + attrs + badge + "<a href=\"" + link + "\">" +
                         html_escape(doc.id + ":" + where) + "</a> " + message + sentence + "</li>";
      std::replace(item.begin(), item.end(), '\n', ' ');
      groups_->write(rule + "\t" + item + "\n");
    }
    s += "</ol>\n";
  }
  if (doc.text.empty()) {
    // Nothing to show (a failed read, an empty file): no empty text box.
  } else if (show_text) {
    s += "<h4>Text</h4><div class=\"text\">" +
         highlight_text(doc, anchor, unhighlighted_stages_, [this](const std::string& r) { return rule_hue(r); }) +
         "</div>\n";
  } else {
    s += "<p class=\"meta\">The text (" + std::to_string(doc.text.size()) +
         " bytes) is longer than max_text_bytes and is not shown.</p>\n";
  }
  s += "</section>\n";
  sections_->write(s);
  rows_.push_back(std::move(row));
}

// The counts come from the documents seen, so the page agrees with its own table.
void HtmlExporter::finish(const RunSummary&) {
  if (!sections_) throw Error("html_report exporter: finish() called before begin() or after finish()");
  std::uint64_t totals[3] = {0, 0, 0};
  std::vector<std::pair<std::size_t, double>> grades, densities;
  std::vector<std::string> labels;
  std::uint64_t failed = 0;
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    failed += rows_[i].failed;
    for (int k = 0; k < 3; ++k) totals[k] += rows_[i].counts[k];
    if (rows_[i].grade) grades.emplace_back(i, *rows_[i].grade);
    if (rows_[i].density) densities.emplace_back(i, *rows_[i].density);
    labels.push_back(rows_[i].id);
  }

  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"generator\" content=\"docpipe " + html_escape(run_.docpipe_version) + "\">\n"
                  "<title>" + html_escape(title_) + "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n"
                  "<a class=\"skip\" href=\"#documents\">Skip to the documents</a>\n<header>\n<h1>" +
                  html_escape(title_) + "</h1>\n<ul class=\"facts\">" +
                  "<li>" + std::to_string(rows_.size()) + " documents</li><li>" + std::to_string(failed) +
                  " failed</li><li>" + std::to_string(totals[2]) + " errors, " + std::to_string(totals[1]) +
                  " warnings, " + std::to_string(totals[0]) + " info</li><li>started " + html_escape(run_.started_at) +
                  "</li><li>pipeline " + html_escape(run_.pipeline_path) +
                  "</li><li><a href=\"#findings\">findings by rule</a></li></ul>\n</header>\n<main>\n"
                  "<section id=\"overview\" aria-labelledby=\"overview-h\">\n<h2 id=\"overview-h\">Overview</h2>\n"
                  "<div class=\"charts\">";
  s += bar_chart("Reading grade by document", grades, labels, chart_limit_, grade_metric_);
  s += bar_chart("Claims per 1000 words by document", densities, labels, chart_limit_, density_metric_);
  s += "</div>\n</section>\n";
  out_->write(s);
  write_rule_groups();
  s = "<section id=\"table\" aria-labelledby=\"table-h\">\n<h2 id=\"table-h\">Documents</h2>\n<div class=\"filter\"><label for=\"doc-filter\">Filter</label>"
       "<input id=\"doc-filter\" type=\"search\" placeholder=\"name, title, status\" aria-describedby=\"doc-count\">"
       "<span id=\"doc-count\" role=\"status\"></span></div>\n<div class=\"table-wrap\"><table id=\"doc-table\" "
       "aria-labelledby=\"table-h\"><thead><tr>";
  const char* heads[][2] = {{"Document", ""},    {"Title", "hide-narrow"}, {"Status", ""},
                            {"Words", "num hide-narrow"}, {"Grade", "num"}, {"Claims/1000", "num"},
                            {"Errors", "num"},   {"Warnings", "num"},      {"Info", "num hide-narrow"}};
  for (const auto& h : heads)
    s += std::string("<th scope=\"col\" class=\"") + h[1] + "\"><button type=\"button\">" + h[0] + "</button></th>";
  s += "</tr></thead><tbody>\n";
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    const Row& r = rows_[i];
    s += "<tr><td><a href=\"#" + doc_anchor(i) + "\">" + html_escape(r.id) + "</a></td><td class=\"hide-narrow\">" +
         html_escape(r.title) + "</td><td" + (r.failed ? " class=\"status-failed\">failed" : ">ok") + "</td>";
    s += optional_cell(r.words, " hide-narrow") + optional_cell(r.grade) + optional_cell(r.density);
    for (int k = 2; k >= 0; --k) {
      s += "<td class=\"num";
      s += k == 0 ? " hide-narrow" : "";
      s += "\">" + std::to_string(r.counts[k]) + "</td>";
    }
    s += "</tr>\n";
  }
  s += "</tbody></table></div>\n</section>\n<section id=\"documents\" aria-label=\"Documents\">\n";
  out_->write(s);
  sections_->copy_to(*out_);
  out_->write("</section>\n</main>\n<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n");
  out_->commit();
  out_.reset();
  sections_.reset();
  groups_.reset();
  rows_.clear();
  rules_.clear();
}

}  // namespace docpipe::plugins
