# librdkafka is a test peer: the test runner links it (never the library) to compare against it.
TEST_LIBS += $(shell pkg-config --libs rdkafka 2>/dev/null || echo -lrdkafka)
