package main

import (
	"fmt"
	"math"
	"strings"
)

// series is one line of the latency chart: a value (ms) per number of clients.
type series struct {
	name   string
	color  string
	dashed bool
	width  int // stroke width (default 2)
	points map[int]float64
}

// latencyChart draws latency (ms, log scale) against clients (log scale) as a standalone SVG document.
func latencyChart(title string, clients []int, lines []series) string {
	const w, h, left, right, top, bottom = 800, 420, 70, 240, 40, 50
	pw, ph := float64(w-left-right), float64(h-top-bottom)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range lines {
		for _, v := range s.points {
			if v > 0 {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if math.IsInf(lo, 1) {
		lo, hi = 1, 10
	}
	ylo, yhi := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
	if yhi <= ylo {
		yhi = ylo + 1
	}
	xlo, xhi := math.Log2(float64(clients[0])), math.Log2(float64(clients[len(clients)-1]))
	x := func(c int) float64 { return left + pw*(math.Log2(float64(c))-xlo)/math.Max(xhi-xlo, 1) }
	y := func(v float64) float64 { return top + ph*(1-(math.Log10(v)-ylo)/(yhi-ylo)) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", w, h, w, h)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/>`+"\n", w, h)
	fmt.Fprintf(&b, `<text x="%d" y="22" font-size="14" font-weight="bold">%s</text>`+"\n", left, escape(title))
	for e := ylo; e <= yhi; e++ {
		v := math.Pow(10, e)
		fmt.Fprintf(&b, `<line x1="%d" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" text-anchor="end">%s ms</text>`+"\n",
			left, left+pw, y(v), y(v), left-6, y(v)+4, trimFloat(v))
	}
	for _, c := range clients {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%.1f" stroke="#eee"/><text x="%.1f" y="%.1f" text-anchor="middle">%d</text>`+"\n",
			x(c), x(c), top, top+ph, x(c), top+ph+16, c)
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">clients (concurrent requests)</text>`+"\n", left+pw/2, h-10)
	for i, s := range lines {
		var pts []string
		for _, c := range clients {
			if v, ok := s.points[c]; ok && v > 0 {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(c), y(v)))
			}
		}
		dash := ""
		if s.dashed {
			dash = ` stroke-dasharray="6 4"`
		}
		sw := max(s.width, 2)
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="%d"%s points="%s"/>`+"\n", s.color, sw, dash, strings.Join(pts, " "))
		ly := top + 10 + 20*i
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="%s" stroke-width="%d"%s/><text x="%.1f" y="%d">%s</text>`+"\n",
			left+pw+14, left+pw+44, ly, ly, s.color, sw, dash, left+pw+50, ly+4, escape(s.name))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

func trimFloat(v float64) string {
	if v >= 1 {
		return fmt.Sprintf("%.0f", v)
	}
	return strings.TrimRight(fmt.Sprintf("%.3f", v), "0")
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
