// docpipe-train-claims: trains the claims analyzer's check-worthiness model and writes the model
// file with its provenance (data hashes) and cross-validated figures in the header.
//
//   docpipe-train-claims --out MODEL --claimbuster FILE --articles FILE --heldout a.txt,b.txt
//                        --tsv FILE [--tsv FILE ...] [--C 0.5] [--weight-articles N] [--weight-tsv N]
//                        [--no-cv]
#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>

#include "docpipe/error.hpp"
#include "trainer.hpp"

namespace dc = docpipe::plugins::claims;
namespace tr = docpipe::plugins::claims::train;

namespace {

struct Args {
  std::string out, claimbuster, articles;
  std::vector<std::string> tsv;
  std::set<std::string> heldout;
  tr::Params params;
  int weight_claimbuster = 1, weight_articles = 6, weight_tsv = 4;
  bool cv = true;
};

std::string sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw docpipe::Error("cannot read " + path);
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    static constexpr char digits[] = "0123456789abcdef";
    hex += digits[md[i] >> 4];
    hex += digits[md[i] & 15];
  }
  return hex;
}

std::string base_name(const std::string& p) { return p.substr(p.find_last_of('/') + 1); }

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw docpipe::Error(k + " needs a value");
      return argv[++i];
    };
    if (k == "--out") a.out = value();
    else if (k == "--claimbuster") a.claimbuster = value();
    else if (k == "--articles") a.articles = value();
    else if (k == "--tsv") a.tsv.push_back(value());
    else if (k == "--heldout") {
      std::stringstream ss(value());
      for (std::string f; std::getline(ss, f, ',');) a.heldout.insert(f);
    } else if (k == "--C") a.params.C = std::stod(value());
    else if (k == "--weight-articles") a.weight_articles = std::stoi(value());
    else if (k == "--weight-tsv") a.weight_tsv = std::stoi(value());
    else if (k == "--weight-claimbuster") a.weight_claimbuster = std::stoi(value());
    else if (k == "--no-cv") a.cv = false;
    else throw docpipe::Error("unknown argument " + k + " (see the comment at the top of train_main.cpp)");
  }
  if (a.out.empty()) throw docpipe::Error("--out is required");
  return a;
}

struct Data {
  std::vector<tr::TrainingSet> sets;
  std::vector<tr::Example> examples;
};

Data load(const Args& a) {
  Data d;
  if (!a.claimbuster.empty())
    d.sets.push_back({base_name(a.claimbuster), a.claimbuster, dc::load_claimbuster(a.claimbuster), a.weight_claimbuster});
  for (const std::string& t : a.tsv) d.sets.push_back({base_name(t), t, dc::load_tsv(t), a.weight_tsv});
  if (!a.articles.empty())
    d.sets.push_back({base_name(a.articles), a.articles, dc::load_articles(a.articles), a.weight_articles, '\n'});
  const dc::Engine engine(dc::config_from_options(docpipe::Options{}));
  for (std::size_t s = 0; s < d.sets.size(); ++s)
    for (tr::Example& e : tr::featurise(engine, d.sets[s], s)) d.examples.push_back(std::move(e));
  return d;
}

bool is_heldout(const Args& a, const tr::Example& e) { return !e.file.empty() && a.heldout.contains(e.file); }

// k-fold figures for the sentences of one set: each fold trained on everything else (held-out
// articles never), scored on the fold.
tr::Counts cross_validate(const Args& a, const Data& d, std::size_t set, bool by_file) {
  std::vector<std::string> files;
  for (const tr::Example& e : d.examples)
    if (e.set == set && !is_heldout(a, e) && std::find(files.begin(), files.end(), e.file) == files.end()) files.push_back(e.file);
  const std::size_t folds = by_file ? files.size() : 5;
  tr::Counts total;
  for (std::size_t k = 0; k < folds; ++k) {
    auto in_fold = [&](const tr::Example& e) {
      if (e.set != set) return false;
      return by_file ? e.file == files[k] : e.group % folds == k;
    };
    std::vector<const tr::Example*> train_on, test_on;
    for (const tr::Example& e : d.examples) {
      if (is_heldout(a, e)) continue;
      (in_fold(e) ? test_on : train_on).push_back(&e);
    }
    const tr::Counts c = tr::evaluate(tr::train(train_on, a.params), test_on);
    total.tp += c.tp, total.fp += c.fp, total.fn += c.fn, total.tn += c.tn;
  }
  return total;
}

int run(const Args& a) {
  const Data d = load(a);
  std::vector<std::pair<std::string, std::string>> header = {
      {"docpipe-claims-model", "1"},
      {"feature_version", std::to_string(dc::feature_version)},
      {"hash_bits", std::to_string(dc::hash_bits)},
      {"solver", "liblinear L2R_LR C=" + std::to_string(a.params.C) + " eps=" + std::to_string(a.params.eps)},
  };
  for (const tr::TrainingSet& s : d.sets) {
    std::size_t n = 0, pos = 0;
    for (const dc::Item& it : s.items) n += it.is_sentence, pos += it.check_worthy;
    header.emplace_back("data", s.name + " sha256=" + sha256(s.path) + " sentences=" + std::to_string(n) +
                                    " checkworthy=" + std::to_string(pos) + " weight=" + std::to_string(s.weight));
  }
  if (!a.heldout.empty()) {
    std::string list;
    for (const std::string& f : a.heldout) list += (list.empty() ? "" : ",") + f;
    header.emplace_back("heldout_articles", list);
  }
  std::vector<const tr::Example*> train_on, heldout;
  for (const tr::Example& e : d.examples) (is_heldout(a, e) ? heldout : train_on).push_back(&e);
  if (a.cv) {
    for (std::size_t s = 0; s < d.sets.size(); ++s) {
      const bool articles = d.sets[s].separator == '\n';
      const std::string how = articles ? "leave-one-article-out" : "5-fold";
      const std::string line = d.sets[s].name + " " + how + " " + cross_validate(a, d, s, articles).summary();
      std::cerr << "cv " << line << '\n';
      header.emplace_back("cv", line);
    }
  }
  const tr::Weights w = tr::train(train_on, a.params);
  if (!heldout.empty()) {
    const std::string line = "articles " + tr::evaluate(w, heldout).summary();
    std::cerr << "heldout " << line << '\n';
    header.emplace_back("heldout", line);
  }
  std::ofstream out(a.out, std::ios::binary);
  out << tr::model_text(w, header, 1e-3);
  if (!out) throw docpipe::Error("cannot write " + a.out);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse_args(argc, argv));
  } catch (const std::exception& e) {
    std::cerr << "docpipe-train-claims: " << e.what() << '\n';
    return 2;
  }
}
