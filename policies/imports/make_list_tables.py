import csv, os
R='/work/shared/research/lists/'
OUT='/work/wt/import/policies/imports/lists/'
H=['序号','省份','市','县（区）','名称','类别','来源','转载','备注']
def rd(f): return list(csv.DictReader(open(R+f,encoding='utf-8-sig')))
def wr(f, rows):
    with open(OUT+f,'w',encoding='utf-8',newline='') as fh:
        w=csv.writer(fh); w.writerow(H)
        for r in rows: w.writerow([r.get(h,'') for h in H])
MIRROR_DOMAINS=('ciudsrc.com','freewechat.com','kangbatv.com','vistrails.com','7y8yx.cn','nycautosale.com','fx361.com','kiwix','363616.com','changtingzx.com','iruorou.com','tingshufang.com','lintaozx.com','uetie.com','handmsg.com','nmg77g.cn','15th-29thdemocraticclub','ggdituw.com','jusar.cn','gahcep.com')
def mirror(u): return 'true' if any(d in u for d in MIRROR_DOMAINS) else ''
# 1. batch 2 additions
NOTE={'ciudsrc':'据正式通知附件转载（ciudsrc），序号为附件序号',
      'freewechat':'据2017-07-27公示名单（肇庆发布微信公众号转载）；顺序按转载页，不是附件序号，故不记序号'}
rows=[]; held=[]
for r in rd('cn-featured-towns-2017-batch2-additions.csv'):
    if r['source_strength']=='weak': held.append(r['name_as_published']); continue
    u=r['source_url']
    note=next((v for k,v in NOTE.items() if k in u), '')
    if r['name_as_published']=='庐山市海会镇': note='九江市第一批特色小镇创建名单标为“国家级特色小镇”，未写批次；江西第一批4个已全，批次由排除法推定为第二批'
    if r['name_as_published']=='杭集镇': note='中新社（2023）：江苏有22个全国特色小镇，杭集镇为其一；22=7+15，江苏第一批7个已全，批次由排除法推定为第二批'
    if r['name_as_published']=='集安市清河镇': note='杂志文章转载（繁体）：2017年被评为第二批国家级特色小镇'
    if r['name_as_published']=='福鼎市点头镇': note='转载页（繁体）：去年8月列入第二批全国特色小镇'
    if r['name_as_published']=='南川区大观镇': note='杂志文章（fx361）：在住建部公示的全国第二批特色小镇名单中；公示阶段'
    if r['name_as_published']=='常熟海虞镇': note='中国江苏网（新华日报）2017-11-23'
    rows.append({'序号':r['seq'],'省份':r['province'],'市':r['city'],'县（区）':r['county'],'名称':r['name_as_published'],
                 '来源':u,'转载':mirror(u),'备注':note})
wr('cn-featured-town-2017-batch2-additions.csv', rows)
print('batch2 kept',len(rows),'held',held)
# 2. batch 1 addition
r=rd('cn-featured-towns-2016-batch1-additions.csv')[0]
wr('cn-featured-town-2016-batch1-additions.csv',[{'省份':r['province'],'县（区）':r['county'],'名称':r['name_as_published'],'来源':r['source_url'],'转载':'true',
   '备注':'维基百科镜像：2016年10月入选第一批“中国特色小镇”；中新网河南2024-03-26列其称号有“中国特色小镇”（http://www.ha.chinanews.com.cn/news/hnjk/2024/0326/52318.shtml）'}])
# 3. FJ
rows=[]
for r in rd('fj-featured-towns-2016-creation1.csv'):
    rows.append({'省份':'福建省','名称':r['name_as_published'],'类别':'创建'})
wr('fj-featured-town-2016-batch1.csv',rows)
rows=[]
for r in rd('fj-featured-towns-2017-creation2.csv'):
    rows.append({'序号':r['seq'],'省份':'福建省','名称':r['name_as_published'],'类别':'创建'})
wr('fj-featured-town-2017-batch2.csv',rows)
# 4. NDRC round 2: 市/县 from the printed place
PLACE={'厦门集美':('厦门市','集美区'),'宁波':('宁波市',''),'西安':('西安市',''),'南京':('南京市',''),'长乐':('','长乐区'),
 '荣昌':('','荣昌区'),'绵竹':('','绵竹市'),'常州':('常州市',''),'日照':('日照市',''),'沈阳':('沈阳市',''),'深圳':('深圳市',''),
 '辽源':('辽源市',''),'清河':('','清河县'),'芜湖':('芜湖市',''),'涞水':('','涞水县'),'洛阳':('洛阳市',''),'津南':('','津南区'),
 '泰安':('泰安市',''),'成都温江':('成都市','温江区'),'醴陵':('','醴陵市')}
rows=[]
for r in rd('cn-ndrc-featured-town-typical-experience-2020-round2.csv'):
    c,k=PLACE[r['place_as_printed']]
    rows.append({'省份':r['province'],'市':c,'县（区）':k,'名称':r['name_as_published'],'类别':'典型经验','转载':'',
                 '备注':'页面所列顺序，不一定是通知顺序' if r['seq']=='1' else ''})
wr('cn-ndrc-typical-town-2020-round2.csv',rows)
# round 1 from towns-dossier-2 §5.7
r1=[('浙江','','德清县','浙江德清地理信息小镇'),('浙江','杭州市','','杭州梦想小镇'),('福建','宁德市','','福建宁德锂电新能源小镇'),
    ('江苏','','句容市','江苏句容绿色新能源小镇'),('山东','济南市','','山东济南中欧装备制造小镇'),('江苏','苏州市','','苏州苏绣小镇')]
wr('cn-ndrc-typical-town-2019-round1.csv',[{'省份':p,'市':c,'县（区）':k,'名称':n,'类别':'典型经验'} for p,c,k,n in r1])
# 5. JX
rows=[]
for r in rd('jx-featured-towns-2017-creation1.csv'):
    county=r['county']; note=''
    if r['membership']=='inferred': note='九江市第一批名单标为“省级特色小镇”，据此推定在省首批名单中'
    if county=='湾里区': county=''; note='名单写作湾里区；今行政区划表中无湾里区，县区未填'
    if r['name_as_published'] in ('文港镇','上清镇','温汤镇','江湾镇'): note='报道称首批名单含第一批中国特色小镇4个'
    rows.append({'省份':'江西省','市':r['city'],'县（区）':county,'名称':r['name_as_published'],'类别':'创建','来源':r['source_url'],
                 '转载':'true','备注':note})
wr('jx-featured-town-2017-batch1.csv',rows)
rows=[{'省份':'江西省','市':r['city'],'县（区）':r['county'],'名称':r['name_as_published'],'类别':'清单'} for r in rd('jx-featured-towns-2021-inventory.csv')]
wr('jx-featured-town-2021-inventory.csv',rows)
rows=[]
for r in rd('jx-jiujiang-featured-towns-2017-municipal1.csv'):
    rows.append({'序号':r['seq'],'省份':'江西省','市':'九江市','县（区）':r['county'],'名称':r['name_as_published'],'类别':'创建',
                 '备注':(f"附件标注：{r['level_marked']}" if r['level_marked'] else '通知正文点名（“确定瑞昌市码头镇等10个小镇”），不在所见附件部分')})
wr('jx-jiujiang-featured-town-2017-batch1.csv',rows)
# 6. GS
rows=[]
for r in rd('gs-featured-towns-inventory.csv'):
    note='转载页一字被遮盖为*，未补' if '*' in r['name_as_published'] else ''
    if r['seq']=='7': note='转载页印作“和*县”；县区据甘肃日报和政县松鸣镇报道为和政县'
    rows.append({'序号':r['seq'],'省份':'甘肃省','市':r['city'],'县（区）':r['county'],'名称':r['name_as_published'],'类别':'创建清单','备注':note})
wr('gs-featured-town-inventory.csv',rows)
