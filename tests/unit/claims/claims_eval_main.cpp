// claims-eval: runs the claims analyzer over the labelled set and prints the full confusion table.
// Usage: claims-eval [--errors] [LABELLED.tsv]
//        claims-eval --explain "Some text. Each line of it is a sentence."
#include <iostream>
#include <string>

#include "claims_eval.hpp"

int main(int argc, char** argv) {
  namespace ev = docpipe::plugins::claims::eval;
  std::string path = DOCPIPE_CLAIMS_EVAL_SET;
  bool errors = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--errors") errors = true;
    else if (a == "--explain" && i + 1 < argc) {
      // One document, one sentence per line: print what the analyzer decided and why.
      const docpipe::plugins::claims::Engine engine(docpipe::plugins::claims::config_from_options(docpipe::Options{}));
      docpipe::Document doc;
      doc.text = argv[++i];
      std::size_t b = 0;
      while (b < doc.text.size()) {
        std::size_t e = doc.text.find('\n', b);
        if (e == std::string::npos) e = doc.text.size();
        if (e > b) doc.annotate("sentence", {b, e}, docpipe::Object{{"kind", "sentence"}});
        b = e + 1;
      }
      for (const auto& r : engine.analyze(doc)) {
        std::cout << doc.slice(r.span) << "\n  primary=" << (r.primary.empty() ? "-" : r.primary) << " score=" << r.score
                  << " band=" << r.band << " supported=" << r.supported << " needs_support=" << r.needs_support << "\n ";
        for (const auto& [k, v] : r.breakdown) std::cout << ' ' << k << '=' << v;
        std::cout << "\n  triggers:";
        for (const auto& t : r.triggers) std::cout << ' ' << t.kind << "[" << doc.slice(t.span) << "]";
        for (const auto& ev : r.evidence) std::cout << " evidence:" << ev.kind << "[" << ev.value << "]";
        if (r.attribution) std::cout << " source=" << r.attribution->source << " (" << r.attribution->source_kind << ")";
        if (r.quote) std::cout << " speaker=" << r.quote->speaker;
        for (const auto& nc : r.non_claim) std::cout << " non_claim=" << nc;
        std::cout << '\n';
      }
      return 0;
    }
    else if (a == "--help" || a == "-h") {
      std::cout << "usage: claims-eval [--errors] [LABELLED.tsv]\n";
      return 0;
    } else path = a;
  }
  try {
    const auto items = ev::load(path);
    const docpipe::plugins::claims::Engine engine(docpipe::plugins::claims::config_from_options(docpipe::Options{}));
    const auto predictions = ev::run(engine, items);
    ev::print(std::cout, ev::score(items, predictions), items, predictions, errors);
  } catch (const std::exception& e) {
    std::cerr << "claims-eval: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
