// Test plugins: an analyzer that fails on documents containing a trigger word, to prove one bad
// document never stops the run and the failure names the stage; one that floods them with
// annotations, to prove the output-size guard stops them.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "docpipe/plugin.hpp"

namespace {

class Explode final : public docpipe::Analyzer {
 public:
  explicit Explode(const docpipe::StageContext& ctx)
      : trigger_(ctx.options.get_string("trigger")), std_(ctx.options.get_bool("std_exception")) {}
  void analyze(docpipe::Document& doc) override {
    if (doc.text.find(trigger_) == std::string::npos) {
      doc.stage_metrics("explode")["checked"] = true;
      return;
    }
    if (std_) throw std::runtime_error("std exception on " + doc.id);
    throw docpipe::Error("found '" + trigger_ + "' in " + doc.id);
  }

 private:
  std::string trigger_;
  bool std_;
};

/// Declares a requirement no bundled reader meets, to exercise the host's requires check.
class NeedsSentences final : public docpipe::Analyzer {
 public:
  explicit NeedsSentences(const docpipe::StageContext&) {}
  void analyze(docpipe::Document&) override {}
};

/// Blows a document up: on the trigger word, adds annotations worth far more bytes than the input,
/// as a runaway analyzer would, to exercise the host's output-size guard.
class Balloon final : public docpipe::Analyzer {
 public:
  explicit Balloon(const docpipe::StageContext& ctx)
      : trigger_(ctx.options.get_string("trigger")), count_(ctx.options.get_int("annotations")) {}
  void analyze(docpipe::Document& doc) override {
    if (doc.text.find(trigger_) == std::string::npos) return;
    const docpipe::Span all{0, doc.text.size()};
    for (std::int64_t i = 0; i < count_; ++i) doc.annotations.push_back({"test-balloon", all, {}});
  }

 private:
  std::string trigger_;
  std::int64_t count_;
};

void register_components(docpipe::Registrar& r) {
  r.add<NeedsSentences>({.name = "needs-sentences",
                         .version = "0.0.1",
                         .description = "test: requires sentence annotations",
                         .requires_annotations = {"test-sentence"}});
  r.add<Explode>({.name = "explode",
                  .version = "0.0.1",
                  .description = "test: throws on documents containing a trigger word",
                  .options = {{.name = "trigger", .type = docpipe::OptionType::string, .default_value = "BOOM",
                               .description = "word that makes analyze() throw"},
                              {.name = "std_exception", .type = docpipe::OptionType::boolean, .default_value = false,
                               .description = "throw std::runtime_error instead of docpipe::Error"}}});
  r.add<Balloon>({.name = "balloon",
                  .version = "0.0.1",
                  .description = "test: adds a flood of annotations to documents containing a trigger word",
                  .options = {{.name = "trigger", .type = docpipe::OptionType::string, .default_value = "BALLOON",
                               .description = "word that makes analyze() flood the document"},
                              {.name = "annotations", .type = docpipe::OptionType::integer, .default_value = 100000,
                               .description = "how many annotations to add"}},
                  .provides_annotations = {"test-balloon"}});
}

}  // namespace

DOCPIPE_PLUGIN("test-explode", register_components)
