// A lossless JSON form of a whole document (text, annotations, source map, everything), used for
// shard outputs that `docpipe merge` replays through the exporters.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <unordered_map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "docpipe/document.hpp"

namespace docpipe::host {

/// A document's position in the unsharded run: input index, then index within that input.
struct DocumentOrder {
  std::uint64_t input = 0;
  std::uint64_t sub = 0;
  friend bool operator<(const DocumentOrder& a, const DocumentOrder& b) {
    return a.input != b.input ? a.input < b.input : a.sub < b.sub;
  }
};

nlohmann::ordered_json encode_value(const Value& v);
Value decode_value(const nlohmann::ordered_json& j);

/// Every field of doc, plus its order, as one JSON object.
nlohmann::ordered_json encode_document(const Document& doc, DocumentOrder order);
/// The inverse of encode_document; throws docpipe::Error on a malformed record.
Document decode_document(const nlohmann::ordered_json& j, DocumentOrder& order);

/// Hashes std::string keys by string_view, so a lookup need not build a string.
struct StringViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

/// A compact binary form of every field of a document but its token stream (Document::tokens is
/// in memory only: exporters never see it), for the exporters on the other side: varints, length-prefixed strings, and
/// the strings that repeat (annotation types, object keys, stage ids, categories) written once
/// per stream and then referred to by number. What worker processes hand back to the host;
/// several times cheaper than the JSON form. One encoder per stream, read by one decoder.
class BinaryEncoder {
 public:
  /// Appends doc to out.
  void encode(const Document& doc, std::string& out);

  // Internals of the name table, shared with the writer in document_codec.cpp.
  static constexpr std::size_t cache_size = 256;
  struct CacheEntry {
    std::string_view name;  ///< views a key of map, which never moves (node-based)
    std::uint64_t number = 0;
  };
  struct Names {
    std::unordered_map<std::string, std::uint64_t, StringViewHash, std::equal_to<>> map;
    std::array<CacheEntry, cache_size> cache{};
  };

 private:
  Names names_;
};

class BinaryDecoder {
 public:
  /// The next document of the stream, read from data at pos (advanced); throws docpipe::Error on
  /// truncated or malformed input.
  Document decode(std::string_view data, std::size_t& pos);

 private:
  std::deque<std::string> names_;  // stable references while a document is read
};

/// One document as a stream of its own (BinaryEncoder), appended to out.
void encode_document_binary(const Document& doc, std::string& out);
/// The inverse of encode_document_binary.
Document decode_document_binary(std::string_view data, std::size_t& pos);

/// Stable 64-bit FNV-1a hash of a document id: what --shard K/N partitions on.
std::uint64_t shard_hash(std::string_view id);

}  // namespace docpipe::host
