// Test library: references a function no library defines, so loading it must fail.
extern "C" int docpipe_test_symbol_that_does_not_exist(int);
extern "C" __attribute__((visibility("default"))) int docpipe_test_unresolved(int x) {
  return docpipe_test_symbol_that_does_not_exist(x);
}
