"""Brand showcase (品牌展示): brand walls, showcase reviews, honours room, big-screen mode — being built."""
