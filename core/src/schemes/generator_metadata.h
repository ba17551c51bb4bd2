// Generators' own metadata (scheme "generator", fields.tool):
//   a1111 / forge  PNG text "parameters" (prompt, "Negative prompt:", "Steps: …, Sampler: …, Seed: …"), or the same
//                  text in EXIF UserComment (UNICODE, UTF-16) in JPEG/WebP
//   comfyui        PNG text "prompt" (API graph: nodes with class_type) / "workflow" (UI graph: nodes, links);
//                  EXIF Model "prompt:{…}" / Make "workflow:{…}" in WebP/JPEG
//   novelai        PNG text Software "NovelAI" with the JSON Comment (the alpha-channel copy is a detector)
//   invokeai       invokeai_metadata, invokeai_graph, sd-metadata, Dream
//   fooocus        fooocus_scheme, or "parameters" JSON naming Fooocus
//   swarmui        sui_image_params
//   midjourney     PNG Description ending in "Job ID: <uuid>"
//   suno           ID3 comment "made with suno; created=…; id=…", WOAS suno.com URL
//   kling          H.264/HEVC SEI user_data_unregistered 91ca6061-4aee-3854-8614-2d5f73f4ae2e with "kling-ai"
// Weak hints — an AI product named in a Software/CreatorTool/encoder-like field, or a file name such as
// Gemini_Generated_Image_* — are marks with claim "unknown" (fields.evidence "weak"), never a verdict.
#pragma once

#include "analysis/analysis.h"

namespace dsmark {

void read_generator_metadata(Analysis& analysis);

}  // namespace dsmark
