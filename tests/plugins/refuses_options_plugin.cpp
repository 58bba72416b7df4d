// Test plugin: an exporter whose constructor rejects its options, as a real one would reject an
// unusable value; the host must stop before reading any document.
#include "docpipe/plugin.hpp"

namespace {

class Refuses final : public docpipe::Exporter {
 public:
  explicit Refuses(const docpipe::StageContext& ctx) {
    if (ctx.options.get_int("level") > 3) throw docpipe::Error("level must be at most 3");
  }
  void begin(const docpipe::RunInfo&) override {}
  void write(const docpipe::Document&) override {}
  void finish(const docpipe::RunSummary&) override {}
};

void register_components(docpipe::Registrar& r) {
  r.add<Refuses>({.name = "refuses",
                  .version = "0.0.1",
                  .description = "test: exporter that rejects level > 3",
                  .options = {{.name = "level", .type = docpipe::OptionType::integer, .default_value = 1,
                               .description = "0 to 3"},
                              {.name = "mode", .type = docpipe::OptionType::string, .required = true,
                               .description = "any text; required so its absence can be tested"}}});
}

}  // namespace

DOCPIPE_PLUGIN("test-refuses-options", register_components)
