"""Fictional names for demo members.

Names are put together from a surname and one or two given-name characters,
so no record is copied from a real roll.  The few real people the seed text
names are excluded, in case a combination happens to hit one of them.
"""

from __future__ import annotations

import random

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Characters chosen so that the generated names read naturally; the sex of a
# demo member decides which list the first character comes from.
GIVEN_MALE = "伟刚勇毅俊峰强军平东文辉力明永健广志兴良海山仁波宁福生龙全胜学祥才武新利清飞彬顺信杰涛昌成康光达安岩中茂进林坚和博诚敬振会思群心承乐松善庆磊民友裕哲江超浩亮谦奇朗宏鸣朋斌栋维启翔旭鹏泽晨辰士建家树德行泰盛雄钧冠策腾航弘"
GIVEN_FEMALE = "秀娟英华慧美娜静淑惠翠雅玉萍红玲芬芳燕彩春菊兰凤洁梅琳素云莲雪荣霞香月媛艳瑞佳嘉琼珍莉璐琦晶妍茜秋珊锦青倩婷婉娴瑾颖露瑶怡丹蓉君琴蕊薇菁岚婕馨韵悦昭冰琬茗羽欣滢筠柔竹凝晓芸菲亚宜舒丽妮晴雯萱彦雨"
GIVEN_SHARED = "晓海明宁静文涛子佳思一雨嘉欣安然晨阳立新志远俊雅"

# People named in the seed account (/work/shared/seed): never reuse them.
EXCLUDED = frozenset({"刘建华"})


class NameMaker:
    """Unique fictional names from a seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set(EXCLUDED)

    def make(self, sex: str) -> str:
        first_pool = GIVEN_MALE if sex == "male" else GIVEN_FEMALE
        for _ in range(200):
            given = self.rng.choice(first_pool)
            if self.rng.random() < 0.7:
                given += self.rng.choice(first_pool + GIVEN_SHARED)
            name = self.rng.choice(SURNAMES) + given
            if name not in self.used and len(set(given)) == len(given):
                self.used.add(name)
                return name
        raise RuntimeError("ran out of fictional names")
