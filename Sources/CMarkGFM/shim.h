#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
// The HTML renderer's state: Klynge's own renderers for some nodes write to its buffer.
#include <cmark-gfm/render.h>
