# make bench-accum-callgrind: instructions per record of the accumulator's append (100-byte
# values, one partition) and of the whole append+finish+complete path, from callgrind.
ACCUM_CG_RECORDS ?= 200000
.PHONY: bench-accum-callgrind
bench-accum-callgrind: $(BUILD)/bench/accumulator
	valgrind --tool=callgrind --callgrind-out-file=$(BUILD)/bench/accumulator.cg \
	    $(BUILD)/bench/accumulator $(ACCUM_CG_RECORDS) 0 > /dev/null 2>&1
	@callgrind_annotate --inclusive=yes $(BUILD)/bench/accumulator.cg 2>/dev/null | \
	    awk -v n=$(ACCUM_CG_RECORDS) '{ gsub(",", "", $$1) } \
	        /accumulator.c:run / && !r++ { printf "append+finish+complete: %.0f instructions/record\n", $$1 / n } \
	        /accumulator.c:moldau__accum_append / && !a++ { printf "append:                 %.0f instructions/record\n", $$1 / n } \
	        /records_builder.c:moldau_batch_builder_append / && !b++ { printf "  of which builder:     %.0f instructions/record\n", $$1 / n }'
