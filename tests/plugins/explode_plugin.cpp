// Test plugin: an analyzer that fails on documents containing a trigger word, to prove one bad
// document never stops the run and the failure names the stage.
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
}

}  // namespace

DOCPIPE_PLUGIN("test-explode", register_components)
