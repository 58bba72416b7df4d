// Test plugin: an analyzer that, on documents containing its trigger word, does what no plugin
// should (segfault, abort, exit(0), loop forever, allocate without bound), to prove that process
// isolation fails that one document, names it, its stage and the signal or limit, and goes on.
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "docpipe/plugin.hpp"

namespace {

class Hostile final : public docpipe::Analyzer {
 public:
  explicit Hostile(const docpipe::StageContext& ctx)
      : trigger_(ctx.options.get_string("trigger")), action_(ctx.options.get_string("action")) {}
  void analyze(docpipe::Document& doc) override {
    if (doc.text.find(trigger_) == std::string::npos) {
      doc.stage_metrics("hostile")["checked"] = true;
      return;
    }
    if (action_ == "segfault") {
      // The default action, not whatever handler is installed: under ASan and UBSan a fault (or a
      // null store) becomes a sanitizer report and an abort, and the tests expect SIGSEGV.
      ::signal(SIGSEGV, SIG_DFL);
      ::raise(SIGSEGV);
    } else if (action_ == "abort") {
      std::abort();
    } else if (action_ == "exit") {
      std::exit(0);
    } else if (action_ == "loop") {
      for (;;) asm volatile("" ::: "memory");
    } else if (action_ == "allocate") {
      std::vector<char*> blocks;
      for (;;) {
        char* b = new char[16 << 20];
        std::memset(b, 1, 16 << 20);
        blocks.push_back(b);
      }
    }
  }

 private:
  std::string trigger_;
  std::string action_;
};

void register_components(docpipe::Registrar& r) {
  r.add<Hostile>({.name = "hostile",
                  .version = "0.0.1",
                  .description = "test: misbehaves on documents containing a trigger word",
                  .options = {{.name = "trigger", .type = docpipe::OptionType::string, .default_value = "HOSTILE",
                               .description = "word that sets the action off"},
                              {.name = "action", .type = docpipe::OptionType::string, .default_value = "segfault",
                               .description = "what to do",
                               .choices = {"segfault", "abort", "exit", "loop", "allocate"}}}});
}

}  // namespace

DOCPIPE_PLUGIN("test-hostile", register_components)
