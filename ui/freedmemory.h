#pragma once
// Gives the memory the process has freed back to the system. Reading a pair of 10M-row files
// frees about 100 MB of parse buffers on the loader's worker threads; glibc keeps such memory in
// each thread's arena, so without this the window holds a review's transient memory for as long
// as the review is open. Called after a review is opened (the previous one is gone then) and
// after its evidence is computed. A no-op where the C library has no malloc_trim().
namespace gr::ui {

void releaseFreedMemory();

} // namespace gr::ui
