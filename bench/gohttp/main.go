// Command gohttp is the reference of bench/portal.sh: Go's net/http serving one response, the bytes and
// headers parkos sent for a cached page, with nothing else around it (no middleware, no routing, no cache
// lookup). What separates it from nginx is net/http's own cost; what separates parkos from it is parkos's.
//
//	gohttp -addr 127.0.0.1:8081 -body page.html -headers page.headers
//
// The headers file is a response head as curl -D writes it; the status line, Date, Content-Length and
// X-Request-Id are left out (net/http writes the first three, and the id is made afresh for each request,
// 8 random bytes in hex, as parkos does).
package main

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"log"
	"net/http"
	"net/textproto"
	"os"
	"strconv"
	"strings"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8081", "listen address")
	bodyFile := flag.String("body", "", "file with the response body")
	headFile := flag.String("headers", "", "file with the response headers (curl -D)")
	flag.Parse()
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		log.Fatal(err)
	}
	head, err := os.Open(*headFile)
	if err != nil {
		log.Fatal(err)
	}
	hdr := http.Header{}
	sc := bufio.NewScanner(head)
	for sc.Scan() {
		name, value, ok := strings.Cut(strings.TrimRight(sc.Text(), "\r"), ":")
		if !ok || strings.HasPrefix(name, "HTTP/") {
			continue
		}
		switch name = textproto.CanonicalMIMEHeaderKey(name); name {
		case "Date", "Content-Length", "X-Request-Id", "Transfer-Encoding", "Connection", "Keep-Alive":
			continue
		}
		hdr.Add(name, strings.TrimSpace(value))
	}
	length := strconv.Itoa(len(body))
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range hdr {
			h[k] = v
		}
		var id [8]byte
		_, _ = rand.Read(id[:])
		h.Set("X-Request-Id", hex.EncodeToString(id[:]))
		h.Set("Content-Length", length)
		_, _ = w.Write(body)
	})))
}
