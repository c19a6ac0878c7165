// The resources target holds only the compiled-in files (see CMakeLists.txt); this translation
// unit gives the static library an object so every toolchain accepts it.
namespace vitals::resources {
int anchor() { return 0; }
} // namespace vitals::resources
