// Package zh holds helpers for Chinese text that several modules share: conversion between Simplified and
// Traditional characters, removal of the pinyin annotations that an old converter left in the park's archive,
// and detection of characters that an earlier encoding step replaced with question marks.
//
// Everything here is pure (no database, no I/O) and safe for concurrent use.
package zh
