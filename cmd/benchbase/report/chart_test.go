package main

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestLatencyChartIsAWellFormedSVGWithOneLinePerSeries(t *testing.T) {
	svg := latencyChart("board list <p3>", []int{1, 8, 32, 64, 128}, []series{
		{name: "Jiebang p99", color: "#c00", points: map[int]float64{1: 0.8, 8: 3, 32: 12, 64: 24, 128: 50}},
		{name: "bare p99", color: "#06c", dashed: true, points: map[int]float64{1: 20, 64: 3000}},
	})
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := d.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("not well-formed: %v\n%s", err, svg)
			}
			break
		}
	}
	if n := strings.Count(svg, "<polyline"); n != 2 {
		t.Fatalf("%d lines", n)
	}
	if !strings.Contains(svg, "board list &lt;p3&gt;") || !strings.Contains(svg, "1000 ms") || !strings.Contains(svg, "0.1 ms") {
		t.Fatalf("axis or title missing:\n%s", svg)
	}
}
