// Bounds what one document may make the exporters write, relative to the input it came from, so a
// document that blows up (a run's own JSON read back as text, an analyzer gone wild) fails on its
// own with the sizes named, before any exporter writes a byte of it, instead of filling the disk.
#pragma once

#include <cstdint>

#include "docpipe/document.hpp"

namespace docpipe::host {

/// Allowed on top of ratio x input, so small inputs and their fixed metrics never trip the guard.
inline constexpr std::uint64_t output_allowance_bytes = 1u << 20;

/// Bytes of the document's full JSON encoding (text, annotations, metrics, findings, diagnostics):
/// what an exporter writes of it with every part included.
std::uint64_t export_size(const Document& doc);

/// A quick upper bound on export_size(doc), computed without encoding anything.
std::uint64_t export_size_bound(const Document& doc);

/// When export_size(doc) exceeds ratio * input_bytes + output_allowance_bytes, replaces doc by a
/// failed document that keeps its identity and says why. Returns whether it did.
bool guard_output_size(Document& doc, std::uint64_t input_bytes, double ratio);

}  // namespace docpipe::host
