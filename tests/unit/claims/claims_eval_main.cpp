// claims-eval: runs the claims analyzer over the labelled set and prints the full confusion table.
// Usage: claims-eval [--errors] [LABELLED.tsv]
//        claims-eval [--errors] --articles articles-dev.jsonl [--split heldout|train|all]
//        claims-eval --explain "Some text. Each line of it is a sentence."
// With --articles, the split comes from the heldout_articles line of the model's header: the
// articles the model was never trained on.
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "claims_eval.hpp"

namespace {

std::set<std::string> heldout_articles(const docpipe::plugins::claims::Model& m) {
  std::set<std::string> out;
  for (const auto& [k, v] : m.header())
    if (k == "heldout_articles") {
      std::stringstream ss(v);
      for (std::string f; std::getline(ss, f, ',');) out.insert(f);
    }
  return out;
}

// The article sentences of one split, scored like a TSV set, with check-worthiness per article.
int score_articles(const std::string& path, const std::string& split, bool errors) {
  namespace ev = docpipe::plugins::claims::eval;
  namespace dc = docpipe::plugins::claims;
  const dc::Engine engine(dc::config_from_options(docpipe::Options{}));
  const std::set<std::string> heldout = heldout_articles(engine.config().model);
  const std::vector<dc::Item> all = dc::load_articles(path);
  const std::vector<ev::Prediction> predictions = ev::run(engine, all, '\n');
  std::vector<dc::Item> items;
  std::vector<ev::Prediction> kept;
  std::map<std::string, ev::Prf> per_file;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const bool held = heldout.contains(all[i].file);
    if (!all[i].is_sentence || (split == "heldout" && !held) || (split == "train" && held)) continue;
    items.push_back(all[i]);
    kept.push_back(predictions[i]);
    ev::Prf& f = per_file[all[i].file];
    if (all[i].check_worthy && kept.back().check_worthy) ++f.tp;
    else if (kept.back().check_worthy) ++f.fp;
    else if (all[i].check_worthy) ++f.fn;
  }
  std::cout << "Articles (" << split << "): " << per_file.size() << " files\n";
  for (const auto& [file, f] : per_file)
    std::cout << "  " << file << ": check-worthy tp " << f.tp << " fp " << f.fp << " fn " << f.fn << '\n';
  ev::print(std::cout, ev::score(items, kept), items, kept, errors);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  namespace ev = docpipe::plugins::claims::eval;
  std::string path = DOCPIPE_CLAIMS_EVAL_SET;
  bool errors = false;
  std::string articles, split = "heldout";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--errors") errors = true;
    else if (a == "--articles" && i + 1 < argc) articles = argv[++i];
    else if (a == "--split" && i + 1 < argc) split = argv[++i];
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
      std::cout << "usage: claims-eval [--errors] [LABELLED.tsv]\n"
                   "       claims-eval [--errors] --articles articles-dev.jsonl [--split heldout|train|all]\n"
                   "       claims-eval --explain $'One sentence.\\nAnother one.'\n";
      return 0;
    } else path = a;
  }
  try {
    if (!articles.empty()) return score_articles(articles, split, errors);
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
