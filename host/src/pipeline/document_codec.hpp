// A lossless JSON form of a whole document (text, annotations, source map, everything), used for
// shard outputs that `docpipe merge` replays through the exporters.
#pragma once

#include <cstdint>

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

/// Stable 64-bit FNV-1a hash of a document id: what --shard K/N partitions on.
std::uint64_t shard_hash(std::string_view id);

}  // namespace docpipe::host
