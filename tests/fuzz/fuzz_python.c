/* libFuzzer over boxbench's Python input readers, by embedding Python: the fuzzer's bytes go to
 * fuzzing.TARGET(data) (tests/fuzz/fuzzing.py), which feeds them to the parser under test. A
 * UsageError is the parser doing its job; any other exception is a crash (abort), and libFuzzer
 * keeps the input.
 *
 * Build: see tests/fuzz/run.sh. TARGET comes from the environment (BB_FUZZ_TARGET). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static PyObject *bb__target;

/* Python's own coverage, for libFuzzer: a line tracer (fuzzing.py) bumps one of these counters
 * per (previous line, line) edge, and libFuzzer reads the section as extra coverage. */
#define BB__EDGES 65536
__attribute__((section("__libfuzzer_extra_counters"))) static uint8_t bb__edges[BB__EDGES];

static PyObject *bb__hit(PyObject *self, PyObject *arg) {
  (void)self;
  size_t i = (size_t)PyLong_AsUnsignedLongMask(arg) % BB__EDGES;
  if (bb__edges[i] < 255) bb__edges[i]++;
  Py_RETURN_NONE;
}

static PyMethodDef bb__methods[] = {{"hit", bb__hit, METH_O, "count one edge"},
                                    {NULL, NULL, 0, NULL}};
static struct PyModuleDef bb__module = {
    PyModuleDef_HEAD_INIT, "bb_fuzz_coverage", NULL, -1, bb__methods, NULL, NULL, NULL, NULL};
static PyObject *bb__init_module(void) { return PyModule_Create(&bb__module); }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  const char *scripts = getenv("BB_FUZZ_SCRIPTS"), *target = getenv("BB_FUZZ_TARGET");
  if (scripts == NULL || target == NULL) {
    fputs("fuzz_python: set BB_FUZZ_SCRIPTS (scripts/ and tests/fuzz/, colon-separated) and "
          "BB_FUZZ_TARGET\n",
          stderr);
    exit(2);
  }
  PyImport_AppendInittab("bb_fuzz_coverage", bb__init_module);
  Py_InitializeEx(0);
  /* BB_FUZZ_SCRIPTS: the scripts/ folder and this one (fuzzing.py), separated by a colon. */
  PyObject *path = PySys_GetObject("path"), *dirs = PyUnicode_FromString(scripts);
  PyObject *sep = PyUnicode_FromString(":"), *parts = PyUnicode_Split(dirs, sep, -1);
  for (Py_ssize_t i = PyList_Size(parts); i-- > 0;)
    PyList_Insert(path, 0, PyList_GetItem(parts, i));
  Py_DECREF(parts);
  Py_DECREF(sep);
  Py_DECREF(dirs);
  PyObject *mod = PyImport_ImportModule("fuzzing");
  if (mod == NULL || (bb__target = PyObject_GetAttrString(mod, target)) == NULL) {
    PyErr_Print();
    exit(2);
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  PyObject *arg = PyBytes_FromStringAndSize((const char *)data, (Py_ssize_t)size);
  PyObject *r = PyObject_CallOneArg(bb__target, arg);
  Py_DECREF(arg);
  if (r == NULL) {
    PyErr_Print();
    abort();
  }
  Py_DECREF(r);
  return 0;
}
