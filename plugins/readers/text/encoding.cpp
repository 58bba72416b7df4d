#include "encoding.hpp"

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <uchardet/uchardet.h>

#include <memory>

#include "docpipe/error.hpp"
#include "docpipe/text.hpp"

namespace docpipe::plugins::encoding {
namespace {

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

Converter open(std::string_view name) {
  UErrorCode err = U_ZERO_ERROR;
  Converter c(ucnv_open(std::string(name).c_str(), &err));
  if (U_FAILURE(err)) c.reset();
  return c;
}

// Counts what the source encoding does not define, then lets ICU substitute as usual (U+FFFD
// for a Unicode target), so a bad byte costs one replacement and the rest of the file survives.
struct Substitutions {
  const char* base = nullptr;
  std::size_t count = 0;
  std::uint64_t first = 0;
};

void count_then_substitute(const void* context, UConverterToUnicodeArgs* args, const char* units, int32_t length,
                           UConverterCallbackReason reason, UErrorCode* err) {
  if (reason == UCNV_ILLEGAL || reason == UCNV_UNASSIGNED || reason == UCNV_IRREGULAR) {
    auto* s = static_cast<Substitutions*>(const_cast<void*>(context));
    // units is a copy in the converter; args->source is just past them in the caller's buffer.
    if (s->count++ == 0) {
      const std::ptrdiff_t at = args->source - s->base - length;
      s->first = at > 0 ? static_cast<std::uint64_t>(at) : 0;
    }
  }
  UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, units, length, reason, err);
}

}  // namespace

std::string detect(std::string_view bytes) {
  uchardet_t ud = uchardet_new();
  if (ud == nullptr) return {};
  std::string name;
  if (uchardet_handle_data(ud, bytes.data(), bytes.size()) == 0) {
    uchardet_data_end(ud);
    if (const char* charset = uchardet_get_charset(ud)) name = charset;
  }
  uchardet_delete(ud);
  return name;
}

bool supported(std::string_view name) { return !name.empty() && open(name) != nullptr; }

std::string display_name(std::string_view name) {
  std::string out(name);
  if (Converter c = open(name)) {
    UErrorCode err = U_ZERO_ERROR;
    const char* internal = ucnv_getName(c.get(), &err);
    const char* standard = U_SUCCESS(err) ? ucnv_getStandardName(internal, "MIME", &err) : nullptr;
    if (standard == nullptr && U_SUCCESS(err)) standard = ucnv_getStandardName(internal, "IANA", &err);
    if (standard != nullptr && U_SUCCESS(err)) out = standard;
  }
  for (char& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

double plausibility(std::string_view utf8) {
  std::size_t non_ascii = 0, odd = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    if (static_cast<unsigned char>(utf8[i]) < 0x80) {
      ++i;
      continue;
    }
    const char32_t c = utf8_next(utf8, i);
    ++non_ascii;
    switch (u_charType(static_cast<UChar32>(c))) {
      case U_MATH_SYMBOL:
      case U_MODIFIER_SYMBOL:
      case U_CONTROL_CHAR:
      case U_PRIVATE_USE_CHAR:
      case U_UNASSIGNED:
      case U_SURROGATE:
        ++odd;
        break;
      default:
        odd += c == replacement_character;
    }
  }
  return non_ascii == 0 ? 1.0 : 1.0 - static_cast<double>(odd) / static_cast<double>(non_ascii);
}

Decoded to_utf8(std::string_view bytes, std::string_view name) {
  Converter source = open(name);
  if (!source) throw Error("no converter for the encoding '" + std::string(name) + "'");
  Converter utf8 = open("UTF-8");
  if (!utf8) throw Error("ICU has no UTF-8 converter");

  Substitutions subs{bytes.data()};
  UErrorCode err = U_ZERO_ERROR;
  ucnv_setToUCallBack(source.get(), count_then_substitute, &subs, nullptr, nullptr, &err);
  if (U_FAILURE(err)) throw Error(std::string("ICU: ") + u_errorName(err));

  Decoded out;
  out.text.resize(bytes.size() + bytes.size() / 2 + 16);
  UChar pivot[4096];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  const char* src = bytes.data();
  const char* const src_end = bytes.data() + bytes.size();
  std::size_t written = 0;
  bool reset = true;
  for (;;) {
    char* target = out.text.data() + written;
    err = U_ZERO_ERROR;
    ucnv_convertEx(utf8.get(), source.get(), &target, out.text.data() + out.text.size(), &src, src_end, pivot,
                   &pivot_source, &pivot_target, pivot + std::size(pivot), reset, true, &err);
    reset = false;
    written = static_cast<std::size_t>(target - out.text.data());
    if (err != U_BUFFER_OVERFLOW_ERROR) break;
    out.text.resize(out.text.size() * 2);  // CJK text grows by half again in UTF-8
  }
  if (U_FAILURE(err)) throw Error("cannot convert from " + std::string(name) + ": " + u_errorName(err));
  out.text.resize(written);
  out.substitutions = subs.count;
  out.first_substitution = subs.first;
  return out;
}

}  // namespace docpipe::plugins::encoding
