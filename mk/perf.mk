# make bench-perf-callgrind: instructions per 100-byte record of the producer's hot path, from
# callgrind, counting code inlined from headers too (callgrind_annotate lists inlined code
# under the header's name; the call-site totals below include it): the builder's append, the
# accumulator's append, and append+finish+complete.
PERF_CG_RECORDS ?= 200000
.PHONY: bench-perf-callgrind
bench-perf-callgrind: $(BUILD)/bench/accumulator
	valgrind --tool=callgrind --callgrind-out-file=$(BUILD)/bench/accumulator-perf.cg \
	    $(BUILD)/bench/accumulator $(PERF_CG_RECORDS) 0 > /dev/null 2>&1
	@callgrind_annotate --inclusive=yes $(BUILD)/bench/accumulator-perf.cg 2>/dev/null | \
	    awk -v n=$(PERF_CG_RECORDS) '{ gsub(",", "", $$1) } \
	        $$1 ~ /^[0-9]+$$/ && $$3 ~ /accumulator.c:run$$/ && $$1 > r { r = $$1 } \
	        $$1 ~ /^[0-9]+$$/ && $$NF ~ /accumulator.c:moldau__accum_append$$/ { a = $$1 } \
	        $$1 ~ /^[0-9]+$$/ && $$NF ~ /records_builder.c:moldau__batch_builder_append_sized$$/ { b = $$1 } \
	        END { printf "append+finish+complete: %.0f instructions/record\n", r / n; \
	              printf "accumulator append:     %.0f instructions/record\n", a / n; \
	              printf "  of which builder:     %.0f instructions/record\n", b / n }'
